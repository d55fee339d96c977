/// How a ``Sandbox`` is set up. Every field has a sensible default.
public struct SandboxConfiguration: Sendable {
    /// How many parsed modules to keep; the least recently used is dropped past this.
    public var moduleCacheCapacity: Int
    /// The largest module accepted, in bytes.
    public var maxModuleBytes: Int

    /// Creates a configuration.
    public init(moduleCacheCapacity: Int = 64, maxModuleBytes: Int = 64 << 20) {
        self.moduleCacheCapacity = moduleCacheCapacity
        self.maxModuleBytes = maxModuleBytes
    }
}
