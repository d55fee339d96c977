/// Why a signed-note key (name, verifier key text, signer key text) was refused.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct NoteKeyError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case invalidName
        case malformedVerifierKey
        case malformedSignerKey
        case unsupportedSignatureType
        case badPublicKey
        case badPrivateKey
        case keyIDMismatch
    }

    private let code: Code
    /// What was wrong and what is expected, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A key name that is empty or holds a space or `+`.
    public static func invalidName(_ name: String) -> Self {
        .init(code: .invalidName, message: "'\(name.prefix(80))' is not a key name: a name is non-empty, with no spaces and no '+', e.g. example.com/log")
    }

    /// Verifier key text that is not `name+keyid+key`.
    public static func malformedVerifierKey(_ text: String, problem: String) -> Self {
        .init(code: .malformedVerifierKey, message: "'\(text.prefix(120))' is not a verifier key (name+<8 hex>+base64(0x01 ‖ key)): \(problem)")
    }

    /// Signer key text that is not `PRIVATE+KEY+name+keyid+key`. The text is not repeated.
    public static func malformedSignerKey(problem: String) -> Self {
        .init(code: .malformedSignerKey, message: "not a signer key: \(problem)")
    }

    /// A signature type other than Ed25519 (0x01).
    public static func unsupportedSignatureType(_ type: UInt8) -> Self {
        .init(code: .unsupportedSignatureType, message: "signature type 0x\(String(type, radix: 16)) is not supported: only Ed25519 (0x01) keys are")
    }

    /// A public key that is not a 32-byte Ed25519 key.
    public static func badPublicKey(byteCount: Int) -> Self {
        .init(code: .badPublicKey, message: "an Ed25519 public key is 32 bytes, not \(byteCount)")
    }

    /// A private seed that is not 32 bytes.
    public static func badPrivateKey(byteCount: Int) -> Self {
        .init(code: .badPrivateKey, message: "an Ed25519 private key seed is 32 bytes, not \(byteCount)")
    }

    /// The key ID in the text is not the one the name and key give.
    public static func keyIDMismatch(name: String, found: UInt32, computed: UInt32) -> Self {
        .init(code: .keyIDMismatch, message: "the key ID \(NoteVerifier.hex(found)) does not match name '\(name)' and its key, which give \(NoteVerifier.hex(computed)): the name or the key was changed")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
