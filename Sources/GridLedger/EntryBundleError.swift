/// Why a log entry or an entry bundle was refused.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct EntryBundleError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case entryTooLarge
        case empty
        case tooManyEntries
        case truncatedLength
        case truncatedEntry
        case wrongWidth
    }

    private let code: Code
    /// What was wrong and what is allowed, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// An entry of 64 KiB or more, which a `uint16` length prefix cannot carry.
    public static func entryTooLarge(index: UInt64, byteCount: Int) -> Self {
        .init(code: .entryTooLarge, message: "entry \(index) is \(byteCount) bytes: log entries must be at most \(EntryBundle.maximumEntrySize) bytes (under 64 KiB) to fit an entry bundle; split or hash large payloads and log the hash")
    }

    /// A bundle with no entries: tlog-tiles serves no empty tiles.
    public static func empty() -> Self {
        .init(code: .empty, message: "an entry bundle holds 1 to 256 entries, not none")
    }

    /// More than 256 entries.
    public static func tooManyEntries(_ count: Int) -> Self {
        .init(code: .tooManyEntries, message: "an entry bundle holds at most \(Tile.fullWidth) entries, not \(count)")
    }

    /// The data ends inside a length prefix.
    public static func truncatedLength(entry: Int, offset: Int) -> Self {
        .init(code: .truncatedLength, message: "the bundle ends at byte \(offset) inside the 2-byte length of entry \(entry)")
    }

    /// The data ends inside an entry.
    public static func truncatedEntry(entry: Int, length: Int, available: Int) -> Self {
        .init(code: .truncatedEntry, message: "entry \(entry) declares \(length) bytes but only \(available) remain in the bundle")
    }

    /// The bundle holds a different number of entries than its path's width.
    public static func wrongWidth(entryCount: Int, width: Int) -> Self {
        .init(code: .wrongWidth, message: "the bundle holds \(entryCount) entries but its path says \(width)")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
