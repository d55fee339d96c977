public import Foundation

/// One change to an account's balance, as recorded and as shown in its history.
public struct MoneyEvent: Sendable, Hashable, Codable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The operator created GRID on the account (a deposit).
        case mint
    }

    /// Its place in the coordinator's record of money, from 1, in the order they happened.
    public var sequence: Int
    /// When it was recorded (to the millisecond, UTC).
    public var at: Date
    /// What happened.
    public var kind: Kind
    /// The account whose balance changed.
    public var account: AccountID
    /// The amount added to the account's available balance (negative when taken).
    public var amount: Amount
    /// Who caused it: for a mint, the operator's account.
    public var by: AccountID?
    /// A note for people, as given.
    public var memo: String?

    /// An event with these fields.
    public init(sequence: Int, at: Date, kind: Kind, account: AccountID, amount: Amount, by: AccountID?, memo: String?) {
        self.sequence = sequence
        self.at = at
        self.kind = kind
        self.account = account
        self.amount = amount
        self.by = by
        self.memo = memo
    }
}
