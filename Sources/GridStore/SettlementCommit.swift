/// What one ``GridStore/commit(_:)`` wrote that its caller acts on.
public struct SettlementCommit: Sendable, Hashable {
    /// How many of the batch's results were new (a task that had a result keeps it).
    public var newResults: Int
    /// The ledger rows the batch appended, in index order: holds, charges, releases.
    public var ledger: [LedgerRecord]

    /// A commit's outcome.
    public init(newResults: Int, ledger: [LedgerRecord]) {
        self.newResults = newResults
        self.ledger = ledger
    }
}
