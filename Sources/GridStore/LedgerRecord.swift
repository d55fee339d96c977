import GridCore
public import GridLedger

/// A ledger row as stored: the public row, its log entry and leaf hash, and its private columns.
public struct LedgerRecord: Sendable, Hashable {
    /// The public row.
    public let row: LedgerRow
    /// The row's canonical encoding: the log entry the Merkle tree hashes.
    public let entry: [UInt8]
    /// RFC 6962's leaf hash of ``entry``.
    public let leafHash: MerkleHash
    /// The private columns, whose hash the row carries; nil when it has none.
    public let `private`: LedgerPrivateColumns?

    /// A new row at `index`, with its entry encoded and hashed.
    public init(index: UInt64, milliseconds: Int64, event: LedgerEvent, private columns: LedgerPrivateColumns?) throws(LedgerRowError) {
        row = try LedgerRow(index: index, milliseconds: milliseconds, event: event, privateHash: columns?.hash)
        entry = row.encoded()
        leafHash = .leaf(entry)
        `private` = columns
    }

    /// A stored row read back; its entry must decode to a valid row (the caller names the damage).
    init(entry: [UInt8], private columns: LedgerPrivateColumns?) throws(LedgerRowError) {
        row = try LedgerRow(decoding: entry)
        self.entry = entry
        leafHash = .leaf(entry)
        `private` = columns
    }
}
