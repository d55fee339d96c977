import GridCore

/// The instances a ``Sandbox`` keeps between runs, by module, within a budget of bytes.
///
/// A module gets as many kept instances as it had runs at once, so a worker with four slots keeps
/// at most four per module. Past the budget, the modules used longest ago lose theirs first.
struct WarmInstancePool {
    private let budgetBytes: Int
    private var idle: [ContentHash: [WarmInstance]] = [:]
    private var lastUse: [ContentHash: UInt64] = [:]
    private var clock: UInt64 = 0
    /// What the kept instances hold, by their own estimate.
    private(set) var retainedBytes = 0

    /// A pool that keeps at most `budgetBytes`; zero keeps nothing.
    init(budgetBytes: Int) {
        self.budgetBytes = max(0, budgetBytes)
    }

    /// How many instances are kept for `hash`.
    func count(for hash: ContentHash) -> Int { idle[hash]?.count ?? 0 }

    /// Takes a kept instance of the module, if one is free.
    mutating func take(_ hash: ContentHash) -> WarmInstance? {
        guard let instance = idle[hash]?.popLast() else { return nil }
        if idle[hash]?.isEmpty == true {
            idle[hash] = nil
            lastUse[hash] = nil
        }
        retainedBytes -= instance.retainedBytes
        return instance
    }

    /// Keeps an instance that has been reset, unless it alone is over the budget.
    mutating func put(_ instance: WarmInstance, for hash: ContentHash) {
        guard instance.retainedBytes <= budgetBytes else { return }
        clock += 1
        lastUse[hash] = clock
        idle[hash, default: []].append(instance)
        retainedBytes += instance.retainedBytes
        while retainedBytes > budgetBytes, let oldest = idle.keys.min(by: { lastUse[$0, default: 0] < lastUse[$1, default: 0] }) {
            let dropped = idle[oldest]!.removeFirst()
            retainedBytes -= dropped.retainedBytes
            if idle[oldest]!.isEmpty {
                idle[oldest] = nil
                lastUse[oldest] = nil
            }
        }
    }
}
