/// The answer to `GET /v1/ledger/rows`: a range of rows' public columns and the log's size.
public struct LedgerRows: Sendable, Hashable, Codable {
    /// How many rows the log holds now.
    public var size: UInt64
    /// The rows asked for, in index order.
    public var rows: [LedgerRowView]

    /// A page of rows.
    public init(size: UInt64, rows: [LedgerRowView]) {
        self.size = size
        self.rows = rows
    }
}
