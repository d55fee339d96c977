import Crypto

/// A signed-note Ed25519 verifier key: a key name, its 32-bit key ID and the public key.
///
/// The key ID is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), read big-
/// endian. Its text form (``verifierKey``) is `name+<8 hex digits of the key ID>+base64(0x01 ‖
/// public key)`, e.g. `example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k`.
public struct NoteVerifier: Sendable, Hashable {
    /// The signature type byte of Ed25519 in signed notes.
    public static let ed25519Type: UInt8 = 0x01

    /// The key's name, as it appears in signature lines.
    public let name: String
    /// The key ID, as the first four bytes of each of its signatures.
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// A verifier for the Ed25519 `publicKey` under `name`.
    ///
    /// - Throws: ``NoteKeyError`` for an invalid name or a key that is not 32 bytes.
    public init(name: String, publicKey: [UInt8]) throws(NoteKeyError) {
        guard NoteKeyName.isValid(name) else { throw .invalidName(name) }
        guard publicKey.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw .badPublicKey(byteCount: publicKey.count)
        }
        self.name = name
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, publicKey: publicKey)
    }

    /// Parses verifier key text, `name+hex(key ID)+base64(0x01 ‖ public key)`.
    ///
    /// - Throws: ``NoteKeyError`` naming the part that is wrong, including a key ID that does
    ///   not match the name and key (a vkey whose name was edited).
    public init(verifierKey text: String) throws(NoteKeyError) {
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .malformedVerifierKey(text, problem: "it has \(parts.count) '+'-separated parts, not 3 (name+keyid+key)")
        }
        let name = String(parts[0])
        guard NoteKeyName.isValid(name) else { throw .invalidName(name) }
        let hex = parts[1]
        guard hex.count == 8, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              let keyID = UInt32(hex, radix: 16) else {
            throw .malformedVerifierKey(text, problem: "the key ID '\(hex)' must be 8 lowercase hex digits")
        }
        guard let material = Base64.decode(parts[2]), !material.isEmpty else {
            throw .malformedVerifierKey(text, problem: "the key '\(parts[2])' is not standard base64")
        }
        guard material[0] == Self.ed25519Type else { throw .unsupportedSignatureType(material[0]) }
        try self.init(name: name, publicKey: Array(material.dropFirst()))
        guard self.keyID == keyID else {
            throw .keyIDMismatch(name: name, found: keyID, computed: self.keyID)
        }
    }

    /// The verifier key text, `name+hex(key ID)+base64(0x01 ‖ public key)`.
    public var verifierKey: String {
        "\(name)+\(Self.hex(keyID))+\(Base64.encode([Self.ed25519Type] + publicKey))"
    }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], of message: some Collection<UInt8>) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: Array(message))
    }

    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first four bytes, big-endian.
    static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0a, ed25519Type] + publicKey)
        return hasher.finalize().prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Eight lowercase hex digits.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
