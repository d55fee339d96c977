public import GridCore

/// Why a ``GridStore`` call failed.
///
/// A public struct over a private code, so new kinds can be added without breaking callers.
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case jobNotFound
        case duplicate
        case missingReference
        case invalidRecord
        case corruptRow
        case unknownMigration
        case closed
        case databaseFailure
        case insufficientBalance
    }
    private let code: Code
    /// What was wrong and what to do, for people.
    public let message: String
    /// For ``insufficientBalance(account:needed:available:)`` (and nil for any other error): what the event needed and what
    /// the account had available.
    public private(set) var shortfall: (needed: Amount, available: Amount)?

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// No job has this id (or, when paging, none of the owner's jobs has it).
    public static func jobNotFound(_ id: String) -> Self {
        Self(code: .jobNotFound, message: "no job with id \(id) is stored")
    }

    /// A row with this key is already stored (an account id, an API key hash, a job id, a task index).
    public static func duplicate(_ what: String) -> Self {
        Self(code: .duplicate, message: "\(what) is already stored; use a new id or key")
    }

    /// A row names another that is not stored: a job's owner or module, or a result's task.
    public static func missingReference(_ what: String) -> Self {
        Self(code: .missingReference, message: "\(what); store the referenced row first")
    }

    /// The records handed to the store contradict each other, e.g. a task of another job.
    public static func invalidRecord(_ detail: String) -> Self {
        Self(code: .invalidRecord, message: "invalid record: \(detail)")
    }

    /// A stored row does not decode: the database was edited by hand or is damaged.
    public static func corruptRow(table: String, column: String, detail: String) -> Self {
        Self(code: .corruptRow,
             message: "the stored \(table).\(column) is unreadable (\(detail)); the database was altered outside Idlegrid or is damaged")
    }

    /// The database records a migration this build does not know: it was written by a newer Idlegrid.
    public static func unknownMigration(_ name: String) -> Self {
        Self(code: .unknownMigration,
             message: "the database has migration '\(name)' applied, which this build does not know; run a newer Idlegrid or use another database")
    }

    /// The store was closed; open a new one.
    public static func closed(path: String) -> Self {
        Self(code: .closed, message: "the store for \(path) is closed; open a new one")
    }

    /// The database itself failed (disk full, I/O error, locked by another process, ...).
    public static func databaseFailure(_ detail: String) -> Self {
        Self(code: .databaseFailure, message: "the database failed: \(detail)")
    }

    /// An account's available balance is below what an escrow hold takes: nothing was held.
    public static func insufficientBalance(account: AccountID, needed: Amount, available: Amount) -> Self {
        var error = Self(
            code: .insufficientBalance,
            message: "account \(account) has \(available) available but \(needed) is needed; deposit more or ask for less")
        error.shortfall = (needed, available)
        return error
    }

    /// The message.
    public var description: String { message }

    /// True when the database itself failed (or is closed), so the same write may succeed later;
    /// false when the store refused what was written (a duplicate, a missing reference, an
    /// invalid record), which writing it again cannot change.
    public var isTransient: Bool {
        code == .databaseFailure || code == .closed
    }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
