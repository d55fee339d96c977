/// Why a settlement block, or the text of one, was refused.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct SettlementBlockError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case malformed, brokenChain, badCheckpoint, postingsDoNotMatch
    }

    private let code: Code
    /// What was wrong, naming the block and the field, for people.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A field that is not what the encoding allows.
    public static func malformed(field: String, reason: String) -> Self {
        .init(.malformed, "the settlement block's \(field) is wrong: expected \(reason)")
    }

    /// A block that does not follow the one before it.
    public static func brokenChain(sequence: UInt64, _ detail: String) -> Self {
        .init(.brokenChain, "settlement block \(sequence) does not follow the chain: \(detail)")
    }

    /// A checkpoint whose signature does not verify with the log's key.
    public static func badCheckpoint(sequence: UInt64, _ detail: String) -> Self {
        .init(.badCheckpoint, "settlement block \(sequence)'s checkpoint does not verify: \(detail)")
    }

    /// A block whose postings are not the rows the log holds, or do not settle what they must.
    public static func postingsDoNotMatch(sequence: UInt64, _ detail: String) -> Self {
        .init(.postingsDoNotMatch, "settlement block \(sequence)'s postings do not match the log: \(detail)")
    }

    public var description: String { message }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
