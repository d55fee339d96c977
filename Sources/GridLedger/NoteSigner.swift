import Crypto

/// A signed-note Ed25519 signer: a key name and an Ed25519 private key.
///
/// Keep ``signerKey`` (or ``privateKey``) secret; publish ``verifierKey``.
public struct NoteSigner: Sendable {
    /// The key's name, written in its signature lines; for a log, its checkpoint origin.
    public let name: String
    private let key: Curve25519.Signing.PrivateKey
    /// The verifier of this signer's signatures.
    public let verifier: NoteVerifier

    /// A signer for `name` with the Ed25519 private key whose 32-byte seed is `privateKey`.
    ///
    /// - Throws: ``NoteKeyError`` for an invalid name or a seed that is not 32 bytes.
    public init(name: String, privateKey: [UInt8]) throws(NoteKeyError) {
        guard NoteKeyName.isValid(name) else { throw .invalidName(name) }
        guard privateKey.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: privateKey) else {
            throw .badPrivateKey(byteCount: privateKey.count)
        }
        self.name = name
        self.key = key
        self.verifier = try NoteVerifier(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// Whether `name` may name a note key (and so a log's origin): non-empty, with no Unicode
    /// space, `+` or control character.
    public static func isValidName(_ name: String) -> Bool {
        NoteKeyName.isValid(name)
    }

    /// A signer with a new random key.
    ///
    /// - Throws: ``NoteKeyError`` for an invalid name.
    public static func generate(name: String) throws(NoteKeyError) -> NoteSigner {
        try NoteSigner(name: name, privateKey: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    /// Parses signer key text in the form Go's `golang.org/x/mod/sumdb/note` writes:
    /// `PRIVATE+KEY+name+hex(key ID)+base64(0x01 ‖ 32-byte seed)`.
    ///
    /// - Throws: ``NoteKeyError`` naming what is wrong.
    public init(signerKey text: String) throws(NoteKeyError) {
        let parts = text.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .malformedSignerKey(problem: "it must have the form PRIVATE+KEY+name+keyid+key")
        }
        guard let material = Base64.decode(parts[4]), !material.isEmpty else {
            throw .malformedSignerKey(problem: "the key is not standard base64")
        }
        guard material[0] == NoteVerifier.ed25519Type else { throw .unsupportedSignatureType(material[0]) }
        try self.init(name: String(parts[2]), privateKey: Array(material.dropFirst()))
        guard parts[3] == Substring(NoteVerifier.hex(keyID)) else {
            throw .keyIDMismatch(name: name, found: UInt32(parts[3], radix: 16) ?? 0, computed: keyID)
        }
    }

    /// The key ID of the signatures.
    public var keyID: UInt32 { verifier.keyID }

    /// The verifier key text to publish.
    public var verifierKey: String { verifier.verifierKey }

    /// The 32-byte private seed. Secret.
    public var privateKey: [UInt8] { Array(key.rawRepresentation) }

    /// The signer key text, `PRIVATE+KEY+name+hex(key ID)+base64(0x01 ‖ seed)`. Secret.
    public var signerKey: String {
        "PRIVATE+KEY+\(name)+\(NoteVerifier.hex(keyID))+\(Base64.encode([NoteVerifier.ed25519Type] + privateKey))"
    }

    /// The Ed25519 signature of `message` (64 bytes).
    ///
    /// - Throws: ``NoteError`` if the crypto library fails to sign.
    public func signature(of message: some Collection<UInt8>) throws(NoteError) -> [UInt8] {
        do {
            return Array(try key.signature(for: Array(message)))
        } catch {
            throw .signingFailed(name: name, reason: "\(error)")
        }
    }
}
