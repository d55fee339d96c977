/// The answer to `POST /v1/modules`: the module's content address.
public struct ModuleStored: Sendable, Hashable, Codable {
    /// SHA-256 of the module.
    public var hash: ContentHash
    /// Its size in bytes.
    public var byteCount: Int

    /// Creates the answer.
    public init(hash: ContentHash, byteCount: Int) {
        self.hash = hash
        self.byteCount = byteCount
    }
}
