import GridCore

/// The parsed modules a ``Sandbox`` keeps, least recently used dropped first.
struct ModuleCache {
    private let capacity: Int
    private var entries: [ContentHash: (module: SandboxModule, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    mutating func lookup(_ hash: ContentHash) -> SandboxModule? {
        guard let entry = entries[hash] else { return nil }
        clock += 1
        entries[hash] = (entry.module, clock)
        return entry.module
    }

    mutating func insert(_ module: SandboxModule) {
        clock += 1
        entries[module.hash] = (module, clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
        }
    }
}
