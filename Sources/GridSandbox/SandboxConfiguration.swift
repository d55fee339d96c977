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
    /// How many bytes of instances to keep between runs, so that a module's functions are not
    /// translated again for every task; zero gives every run a fresh instance. A kept instance is
    /// reset to exactly its state after instantiation, and only modules for which that is possible
    /// are kept (see ``Sandbox``).
    public var warmInstanceBytes: Int

    /// Creates a configuration.
    public init(
        moduleCacheCapacity: Int = 64, maxModuleBytes: Int = 64 << 20,
        validationMemoryBytes: UInt64 = GridCore.Limits.Bounds.memoryBytes.upperBound,
        warmInstanceBytes: Int = 64 << 20
    ) {
        self.moduleCacheCapacity = moduleCacheCapacity
        self.maxModuleBytes = maxModuleBytes
        self.validationMemoryBytes = validationMemoryBytes
        self.warmInstanceBytes = warmInstanceBytes
    }
}
