/// Why a signed note was refused or could not be made.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct NoteError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case malformed
        case unknownKey
        case badSignature
        case keyNameMismatch
        case signingFailed
    }

    private let code: Code
    /// What was wrong, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The note is not in signed-note form; `problem` says where.
    public static func malformed(_ problem: String) -> Self {
        .init(code: .malformed, message: "not a signed note: \(problem)")
    }

    /// No signature is by a trusted key.
    public static func unknownKey(signedBy: [String], trusted: [String]) -> Self {
        .init(code: .unknownKey, message: "the note is signed by no trusted key: signed by \(signedBy.joined(separator: ", ")); trusted: \(trusted.isEmpty ? "none" : trusted.joined(separator: ", "))")
    }

    /// A trusted key's signature does not verify: the text or the signature was altered.
    public static func badSignature(name: String, keyID: UInt32) -> Self {
        .init(code: .badSignature, message: "the signature by \(name)+\(NoteVerifier.hex(keyID)) does not verify: the note's text or signature was altered")
    }

    /// A signature carries a trusted key's ID under another name.
    public static func keyNameMismatch(found: String, expected: String, keyID: UInt32) -> Self {
        .init(code: .keyNameMismatch, message: "the signature with key ID \(NoteVerifier.hex(keyID)) names '\(found)', but the trusted key with that ID is '\(expected)'")
    }

    /// The signer could not sign.
    public static func signingFailed(name: String, reason: String) -> Self {
        .init(code: .signingFailed, message: "signing with '\(name)' failed: \(reason)")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
