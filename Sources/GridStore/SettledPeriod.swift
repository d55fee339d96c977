public import GridLedger

/// What ``GridStore/settlePeriod(_:)`` did.
public struct SettledPeriod: Sendable, Hashable {
    /// The block written, or the one already written for the period; nil when there was nothing
    /// to post (no block is written then).
    public var block: SettlementBlock?
    /// The posting rows appended now; empty when the period was settled before.
    public var ledger: [LedgerRecord]

    /// An outcome.
    public init(block: SettlementBlock?, ledger: [LedgerRecord]) {
        self.block = block
        self.ledger = ledger
    }
}
