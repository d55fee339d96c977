public import Foundation

/// One ledger row as it concerns one account: what happened and how it changed the account's
/// balance, as an account's history shows it.
public struct MoneyEvent: Sendable, Hashable, Codable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The operator created GRID on the account (a deposit).
        case mint
        /// A job's maximum cost moved into escrow.
        case hold
        /// A replica was paid for: the payer's escrow shrank, the beneficiaries' pending grew.
        case charge
        /// What a job's escrow had left went back to its client.
        case release
        /// A settlement made the account's pending payouts available.
        case payout
        /// A settlement summed the account's charges for its period (nothing moves).
        case statement
    }

    /// The row's index in the ledger (from 0): `GET /v1/ledger/rows` and the proofs use it.
    public var index: UInt64
    /// When it happened (to the millisecond, UTC).
    public var at: Date
    /// What happened.
    public var kind: Kind
    /// The account whose history this is.
    public var account: AccountID
    /// How the account's balance changed, part by part.
    public var change: BalanceChange
    /// The job it concerns, for holds, charges and releases.
    public var job: JobID?
    /// Who caused it: for a mint, the operator's account.
    public var by: AccountID?
    /// A deposit's note, as given (private: shown only to the account's own history).
    public var memo: String?

    /// What a settlement's posting sums: a payout's amount, or a statement's charges for the
    /// period (which move nothing, so ``change`` cannot show them).
    public var amount: Amount?

    /// An event with these fields.
    public init(
        index: UInt64, at: Date, kind: Kind, account: AccountID, change: BalanceChange, job: JobID? = nil, by: AccountID? = nil,
        memo: String? = nil, amount: Amount? = nil
    ) {
        self.amount = amount
        self.index = index
        self.at = at
        self.kind = kind
        self.account = account
        self.change = change
        self.job = job
        self.by = by
        self.memo = memo
    }
}
