public import Foundation

/// One API key of the caller's account, in `GET /v1/accounts/me/keys`: never its secret, nor
/// its full hash.
public struct APIKeySummary: Sendable, Hashable, Codable {
    /// The key's id, which `DELETE /v1/accounts/me/keys/{id}` revokes.
    public var id: APIKeyID
    /// When the key was created.
    public var createdAt: Date
    /// When the key was revoked; nil while it works.
    public var revokedAt: Date?
    /// The last 4 hex digits of the key's SHA-256 (`printf %s KEY | sha256sum`), to tell keys apart.
    public var lastDigits: String
    /// Whether this is the key the request was made with.
    public var current: Bool

    /// Creates a summary.
    public init(id: APIKeyID, createdAt: Date, revokedAt: Date?, lastDigits: String, current: Bool) {
        self.id = id
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastDigits = lastDigits
        self.current = current
    }
}
