@_spi(Fuzzing) import WasmKit

/// Enforces a run's linear-memory limit and records how much memory the guest held.
///
/// WasmKit asks before every allocation and growth; a refusal makes `memory.grow` return -1 as the
/// WebAssembly specification says, so a guest can handle it, and an initial memory over the cap
/// fails instantiation. Confined to its run's thread, like the store that owns it.
final class MemoryCap: ResourceLimiter, @unchecked Sendable {
    /// Tables hold host references, so their growth is bounded too (8 bytes per element).
    static let tableElementLimit = 1_000_000

    private let limitBytes: UInt64
    /// The largest size any memory was allowed to reach, in bytes.
    private(set) var peakBytes = 0
    /// Whether a growth was refused once instantiation was done.
    private(set) var growthRefused = false
    /// The initial size refused during instantiation, if one was.
    private(set) var refusedInitialBytes: Int?
    /// Set once the instance exists, so later refusals count as growth, not initial size.
    var instantiated = false

    init(limitBytes: UInt64) {
        self.limitBytes = limitBytes
    }

    func limitMemoryGrowth(to desired: Int) throws -> Bool {
        if desired >= 0, UInt64(desired) <= limitBytes {
            peakBytes = max(peakBytes, desired)
            return true
        }
        if instantiated { growthRefused = true } else { refusedInitialBytes = desired }
        return false
    }

    func limitTableGrowth(to desired: Int) throws -> Bool {
        desired <= Self.tableElementLimit
    }
}
