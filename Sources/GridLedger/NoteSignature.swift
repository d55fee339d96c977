/// One signature line of a signed note: `— <name> base64(key ID ‖ signature)`.
public struct NoteSignature: Sendable, Hashable {
    /// The signing key's name.
    public let name: String
    /// The signing key's ID, the first four bytes of the encoded signature.
    public let keyID: UInt32
    /// The signature proper (64 bytes for Ed25519).
    public let signature: [UInt8]

    /// A signature line's parts.
    public init(name: String, keyID: UInt32, signature: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// The base64 of key ID ‖ signature.
    public var base64: String {
        Base64.encode([UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xff), UInt8(keyID >> 8 & 0xff), UInt8(keyID & 0xff)] + signature)
    }

    /// The line without its newline: em dash (U+2014), space, name, space, base64.
    public var line: String {
        "\u{2014} \(name) \(base64)"
    }
}
