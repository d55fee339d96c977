/// Why a text was not a ``ContentHash``.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct ContentHashError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable { case malformed }
    private let code: Code
    /// What was wrong, for people.
    public let message: String

    /// Text that is not 64 hex digits.
    public static func malformed(_ text: String) -> Self {
        let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return Self(code: .malformed, message: "'\(shown)' is not a SHA-256 hash: expected 64 hex digits")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
