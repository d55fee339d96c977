public import GridCore

/// A settlement block for JSON (`GET /v1/ledger/settlements`): its fields decoded for people,
/// and its canonical text, which is what the chain hashes and what an auditor checks.
public struct SettlementBlockView: Sendable, Hashable, Codable {
    public var sequence: UInt64
    public var period: UInt64
    public var periodSeconds: UInt64
    /// SHA-256 of ``block``, hex.
    public var hash: String
    /// The previous block's hash, hex; absent for the first.
    public var previous: String?
    public var rowsFrom: UInt64
    public var rowsTo: UInt64
    /// The posting rows: `rowsTo ..< postingsTo`.
    public var postingsTo: UInt64
    public var minimumPayout: Amount
    /// The canonical text.
    public var block: String

    /// The view of a block.
    public init(_ block: SettlementBlock) {
        sequence = block.sequence
        period = block.period
        periodSeconds = block.periodSeconds
        hash = block.hash.hex
        previous = block.previous?.hex
        rowsFrom = block.rows.lowerBound
        rowsTo = block.rows.upperBound
        postingsTo = block.postingRows.upperBound
        minimumPayout = block.minimumPayout
        self.block = String(decoding: block.encoded(), as: UTF8.self)
    }
}
