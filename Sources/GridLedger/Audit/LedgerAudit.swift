public import GridCore

/// What an audit of a log established.
public struct LedgerAudit: Sendable {
    /// The checkpoint verified: signed by the log's key, its root rebuilt from every row.
    public let checkpoint: Checkpoint
    /// The signed note of ``checkpoint``, to keep for the next audit.
    public let note: String
    /// The checkpoint of an earlier audit that this one proved a prefix of, if one was given.
    public let previous: Checkpoint?
    /// All GRID the log's mints created.
    public let minted: Amount
    /// All GRID its charges burned.
    public let burned: Amount
    /// Every account's balance as the rows leave it, replayed from zero.
    public let balances: [AccountID: AccountBalance]
    /// The settlement blocks, each checked against the log: its link to the one before, its
    /// signed checkpoint, its postings' rows and their amounts.
    public let settlements: [SettlementBlock]
}
