public import Foundation
public import GridCore

/// One API key as stored: the SHA-256 of its secret (never the secret), whose account it is,
/// and when it was created and revoked.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    /// The key's id.
    public var id: APIKeyID
    /// The account the key acts for.
    public var account: AccountID
    /// The SHA-256 of the secret; requests are matched by it.
    public var hash: ContentHash
    /// When the key was created (stored to the millisecond).
    public var createdAt: Date
    /// When it was revoked (stored to the millisecond); nil while it works.
    public var revokedAt: Date?

    /// A key record; a new key is not revoked.
    public init(id: APIKeyID = APIKeyID(), account: AccountID, hash: ContentHash, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.account = account
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether requests made with the key are accepted.
    public var isActive: Bool { revokedAt == nil }
}
