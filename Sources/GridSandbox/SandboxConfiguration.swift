public import GridCore

/// How a ``Sandbox`` is set up. Every field has a sensible default.
public struct SandboxConfiguration: Sendable {
    /// How many parsed modules to keep; the least recently used is dropped past this.
    public var moduleCacheCapacity: Int
    /// The largest module accepted, in bytes.
    public var maxModuleBytes: Int
    /// The most linear memory a module may declare initially to be loaded, in bytes: ``Sandbox/load(_:)``
    /// instantiates the module once to validate it, which allocates that memory. By default the
    /// largest any run may have, so a worker loads whatever a job's limits allow; a coordinator,
    /// which only validates uploads, sets it lower.
    public var validationMemoryBytes: UInt64

    /// Creates a configuration.
    public init(
        moduleCacheCapacity: Int = 64, maxModuleBytes: Int = 64 << 20,
        validationMemoryBytes: UInt64 = GridCore.Limits.Bounds.memoryBytes.upperBound
    ) {
        self.moduleCacheCapacity = moduleCacheCapacity
        self.maxModuleBytes = maxModuleBytes
        self.validationMemoryBytes = validationMemoryBytes
    }
}
