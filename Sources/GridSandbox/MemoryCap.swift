@_spi(Fuzzing) import WasmKit

/// Enforces a run's linear-memory limit and records how much memory the guest held.
///
/// WasmKit asks before every allocation and growth; a refusal makes `memory.grow` return -1 as the
/// WebAssembly specification says, so a guest can handle it, and an initial memory over the cap
/// fails instantiation. Confined to its run's thread, like the store that owns it.
final class MemoryCap: ResourceLimiter, @unchecked Sendable {
    /// The most table elements a run may request in total, over all its tables and growths
    /// (8 MiB of references). Counted conservatively, as the sum of every size asked for, because
    /// the limiter is not told which table asks; ordinary C and Swift guests never grow tables.
    static let tableElementBudget = 1_000_000

    private let limitBytes: UInt64
    /// The largest size the memory was allowed to reach, in bytes.
    private(set) var peakBytes = 0
    /// Whether a `memory.grow` was refused.
    private(set) var growthRefused = false
    /// The initial size refused when the memory was allocated, if it was.
    private(set) var refusedInitialBytes: Int?
    private var sawInitialAllocation = false
    private var tableElementsRequested = 0

    /// A cap of `limitBytes`; `allocatedBytes` is the memory of a kept instance, allocated by an
    /// earlier run, which this run starts with.
    init(limitBytes: UInt64, allocatedBytes: Int? = nil) {
        self.limitBytes = limitBytes
        if let allocatedBytes {
            sawInitialAllocation = true
            peakBytes = allocatedBytes
        }
    }

    // Without the multi-memory proposal (off in the sandbox) a module has at most one memory, so
    // the first request is its initial size and every later one is a `memory.grow`, including
    // growth inside a start function.
    func limitMemoryGrowth(to desired: Int) throws -> Bool {
        let isInitial = !sawInitialAllocation
        sawInitialAllocation = true
        if desired >= 0, UInt64(desired) <= limitBytes {
            peakBytes = max(peakBytes, desired)
            return true
        }
        if isInitial { refusedInitialBytes = desired } else { growthRefused = true }
        return false
    }

    func limitTableGrowth(to desired: Int) throws -> Bool {
        let (total, overflow) = tableElementsRequested.addingReportingOverflow(desired)
        guard !overflow, total <= Self.tableElementBudget else { return false }
        tableElementsRequested = total
        return true
    }
}
