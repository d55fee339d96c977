/// A blob by content: its SHA-256 and its size. The answer to `POST /v1/blobs`, and how an
/// assignment names an input a worker fetches with `GET /v1/blobs/{hash}`.
public struct BlobReference: Sendable, Hashable, Codable {
    /// SHA-256 of the bytes.
    public var hash: ContentHash
    /// How many bytes.
    public var size: Int

    /// Creates a reference.
    public init(hash: ContentHash, size: Int) {
        self.hash = hash
        self.size = size
    }
}
