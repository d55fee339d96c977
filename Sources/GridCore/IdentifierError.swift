/// Why a text could not be read as one of the network's identifiers.
///
/// A growable error: kinds live in a private code. Two errors are equal when they are of the
/// same kind, whatever their message.
public struct IdentifierError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case malformed
    }

    private let code: Code
    /// What went wrong and what to do, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `text` is not a UUID; `kind` names the identifier, e.g. "job id".
    public static func malformed(_ text: String, kind: String) -> Self {
        .init(code: .malformed, message: "'\(text)' is not a \(kind): expected a UUID like \"6f1c2a4e-8b3d-4c5e-9f00-1a2b3c4d5e6f\"")
    }

    /// Same kind of error, whatever the message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The message.
    public var description: String { message }
}
