public import Foundation
public import GridCore

/// An account as stored.
public struct AccountRecord: Sendable, Hashable, Codable {
    /// The account's id.
    public var id: AccountID
    /// A name for people; not unique.
    public var name: String
    /// What the account is for.
    public var role: AccountRole
    /// When the account was created (stored to the millisecond).
    public var createdAt: Date

    /// An account record.
    public init(id: AccountID = AccountID(), name: String, role: AccountRole, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }
}
