public import Foundation
public import GridCore

/// One immutable money event as the public log records it: its place in the log, when it
/// happened, what happened, and the hash of the private columns kept apart from it.
///
/// A row is one log entry: its ``encoded()`` bytes (the canonical encoding in
/// `LedgerRow+Encoding.swift`, documented in the README) are the entry the Merkle tree hashes,
/// so an auditor needs only the public bytes to re-hash, decode and re-add every row.
public struct LedgerRow: Sendable, Hashable {
    /// The row's index in the log, from 0; it is also the leaf index in the Merkle tree, so a
    /// row cannot be replayed at another place.
    public let index: UInt64
    /// When it happened, in milliseconds since 1970-01-01T00:00:00Z (UTC).
    public let milliseconds: Int64
    /// What happened.
    public let event: LedgerEvent
    /// SHA-256 of the row's private columns (salted, see ``LedgerPrivateColumns``), or nil when
    /// the row has none.
    public let privateHash: ContentHash?

    /// A row; refused when the time is before 1970 or after 9999 (the encoding's range).
    public init(index: UInt64, milliseconds: Int64, event: LedgerEvent, privateHash: ContentHash? = nil) throws(LedgerRowError) {
        guard (0...LedgerTime.maximumMilliseconds).contains(milliseconds) else {
            throw .timeOutOfRange(milliseconds)
        }
        self.index = index
        self.milliseconds = milliseconds
        self.event = event
        self.privateHash = privateHash
    }

    /// When it happened.
    public var time: Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
}
