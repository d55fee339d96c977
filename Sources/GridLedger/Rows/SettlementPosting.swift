public import GridCore

/// One posting of a settlement (CPUcoin's rollup): what one account's rows of a period sum to,
/// written once per payer and once per beneficiary, so a period of M payers and N beneficiaries
/// costs M + N rows, not one per pair.
///
/// A **beneficiary's** posting moves all of its pending balance to available: the payouts of the
/// rows `rows` (every row since its previous posting), which sum exactly to `amount`. A
/// **payer's** posting states what its charges in the block's rows came to; it moves nothing
/// (the charges already took it from escrow) and is the payer's one line for the period.
/// `root` is the log's root at `rows.upperBound`, so a posting names the tree its rows are in.
public struct SettlementPosting: Sendable, Hashable {
    /// Which side of the period's charges the account was on.
    public enum Side: String, Sendable, Hashable, CaseIterable, Codable {
        /// It paid: the sum of its charges.
        case payer
        /// It was paid: its pending payouts, now available.
        case payee
    }

    /// Payer or payee.
    public let side: Side
    /// The account posted.
    public let account: AccountID
    /// What the rows sum to; above zero (an account with nothing to post gets no posting).
    public let amount: Amount
    /// The settlement period, counted in periods since 1970-01-01T00:00:00Z.
    public let period: UInt64
    /// The log rows the amount sums.
    public let rows: Range<UInt64>
    /// The log's root hash at `rows.upperBound` rows.
    public let root: MerkleHash

    /// A posting; refused unless the amount is above zero.
    public init(side: Side, account: AccountID, amount: Amount, period: UInt64, rows: Range<UInt64>, root: MerkleHash) throws(LedgerRowError) {
        guard amount.baseUnits > 0 else { throw .notPositive(field: "amount", amount) }
        self.side = side
        self.account = account
        self.amount = amount
        self.period = period
        self.rows = rows
        self.root = root
    }
}
