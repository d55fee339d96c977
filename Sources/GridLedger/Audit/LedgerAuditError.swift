/// Why an audit failed: what did not check out, and where.
///
/// Two errors are equal when they are the same kind, whatever their message; tests that care
/// about the wording check ``message``.
public struct LedgerAuditError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case unreadable, keyChanged, badCheckpoint, badRow, rowsDoNotMatchTiles, rootMismatch, overspent, shrank, inconsistent, badSettlement, badBlock
    }

    private let code: Code
    /// The first row at fault, when the audit could name one.
    public let row: UInt64?
    /// What was wrong, for people.
    public let message: String

    private init(_ code: Code, row: UInt64? = nil, _ message: String) {
        self.code = code
        self.row = row
        self.message = message
    }

    /// Something could not be fetched or read.
    public static func unreadable(_ what: String, _ error: any Error) -> Self {
        .init(.unreadable, "could not read \(what): \(error)")
    }

    /// The log presents a key other than the one trusted.
    public static func keyChanged(trusted: String, presented: String) -> Self {
        .init(.keyChanged, "the log's key is \(presented), not the trusted \(trusted): its checkpoints are signed by another key")
    }

    /// The checkpoint's signature or text does not check out.
    public static func badCheckpoint(_ error: any Error) -> Self {
        .init(.badCheckpoint, "the checkpoint does not verify: \(error)")
    }

    /// A row's entry is not a valid row, or not the row for its place.
    public static func badRow(_ index: UInt64, _ reason: String) -> Self {
        .init(.badRow, row: index, "row \(index) is not valid: \(reason)")
    }

    /// A row's entry does not hash to the leaf the log's tree holds for it: it was changed.
    public static func rowsDoNotMatchTiles(firstBadRow: UInt64) -> Self {
        .init(.rowsDoNotMatchTiles, row: firstBadRow,
              "row \(firstBadRow) does not hash to the leaf the log's tree holds for it: the row was changed after it was logged")
    }

    /// The rows rebuild another root than the checkpoint signs.
    public static func rootMismatch(size: UInt64) -> Self {
        .init(.rootMismatch, "the \(size) rows rebuild a root other than the one the checkpoint signs")
    }

    /// A row takes more from a balance than the rows before it left there.
    public static func overspent(_ index: UInt64, _ reason: String) -> Self {
        .init(.overspent, row: index, "row \(index) spends what is not there: \(reason)")
    }

    /// A settlement's postings break its rules, or its block does not match the log.
    public static func badSettlement(_ index: UInt64, _ reason: String) -> Self {
        .init(.badSettlement, row: index, "the settlement at row \(index) does not check out: \(reason)")
    }

    /// A settlement block that is not valid or does not follow the one before it.
    public static func badBlock(sequence: UInt64, _ reason: String) -> Self {
        .init(.badBlock, "settlement block \(sequence) does not check out: \(reason)")
    }

    /// The log is smaller than at an earlier audit.
    public static func shrank(from oldSize: UInt64, to newSize: UInt64) -> Self {
        .init(.shrank, "the log had \(oldSize) rows at an earlier audit and has \(newSize) now: rows were removed")
    }

    /// The log is not an extension of the one an earlier audit saw.
    public static func inconsistent(from oldSize: UInt64, to newSize: UInt64, _ reason: String) -> Self {
        .init(.inconsistent, "the log of \(newSize) rows does not extend the one of \(oldSize) seen at an earlier audit (\(reason)): rows were rewritten")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
