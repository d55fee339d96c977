/// Why checkpoint text was refused.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct CheckpointError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case missingFinalNewline
        case tooFewLines
        case emptyLine
        case controlCharacter
        case badSize
        case badRootHash
        case originMismatch
    }

    private let code: Code
    /// What was wrong and what is expected, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The text does not end in a newline.
    public static func missingFinalNewline() -> Self {
        .init(code: .missingFinalNewline, message: "checkpoint text must end in a newline: every line, the last included, ends in \\n")
    }

    /// Fewer than the three required lines.
    public static func tooFewLines(_ count: Int) -> Self {
        .init(code: .tooFewLines, message: "a checkpoint has at least 3 lines (origin, tree size, root hash), not \(count)")
    }

    /// An empty origin or extension line.
    public static func emptyLine(_ name: String) -> Self {
        .init(code: .emptyLine, message: "the checkpoint's \(name) is empty: it must be non-empty")
    }

    /// A line holding a control character.
    public static func controlCharacter(_ name: String, line: String) -> Self {
        .init(code: .controlCharacter, message: "the checkpoint's \(name) '\(line.prefix(80))' holds a control character: lines are printable text")
    }

    /// The second line is not a canonical decimal size.
    public static func badSize(_ text: String) -> Self {
        .init(code: .badSize, message: "'\(text.prefix(80))' is not a tree size: the second line is a decimal number 0...2^64-1 without leading zeros")
    }

    /// The third line is not a base64 hash.
    public static func badRootHash(_ text: String, reason: String) -> Self {
        .init(code: .badRootHash, message: "the checkpoint's root hash line is wrong: \(reason)")
    }

    /// The checkpoint names another log than expected.
    public static func originMismatch(found: String, expected: String) -> Self {
        .init(code: .originMismatch, message: "the checkpoint's origin is '\(found)', not '\(expected)': it is another log's checkpoint")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
