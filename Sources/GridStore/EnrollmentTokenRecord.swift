public import Foundation
public import GridCore

/// A one-time enrollment token as stored: only the SHA-256 of its secret, whose provider it is,
/// until when it is good, and which device redeemed it.
public struct EnrollmentTokenRecord: Sendable, Hashable {
    /// The SHA-256 of the token's secret.
    public var hash: ContentHash
    /// The provider account a device redeeming it is enrolled to.
    public var provider: AccountID
    /// When it was created (stored to the millisecond).
    public var createdAt: Date
    /// From this instant on it enrolls nothing.
    public var expiresAt: Date
    /// The device it enrolled, once redeemed.
    public var usedBy: WorkerID?
    /// When it was redeemed.
    public var usedAt: Date?

    /// A token record; a new token is unused.
    public init(hash: ContentHash, provider: AccountID, createdAt: Date, expiresAt: Date, usedBy: WorkerID? = nil, usedAt: Date? = nil) {
        self.hash = hash
        self.provider = provider
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedBy = usedBy
        self.usedAt = usedAt
    }
}
