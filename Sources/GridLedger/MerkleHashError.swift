/// Why bytes or text could not be taken as a ``MerkleHash``.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct MerkleHashError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case wrongLength
        case notBase64
    }

    private let code: Code
    /// What was wrong and what is expected, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The bytes were not 32 long.
    public static func wrongLength(_ count: Int) -> Self {
        .init(code: .wrongLength, message: "a Merkle hash is 32 bytes (SHA-256), not \(count)")
    }

    /// The text was not standard base64.
    public static func notBase64(_ text: String) -> Self {
        .init(code: .notBase64, message: "'\(text.prefix(80))' is not standard base64: a Merkle hash is written as the base64 of 32 bytes, 44 characters ending in '='")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
