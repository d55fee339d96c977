extension MerkleHash {
    /// Parses the standard base64 (RFC 4648, section 4) of 32 bytes, as checkpoints and proofs
    /// in the transparency-log formats carry hashes.
    ///
    /// - Throws: ``MerkleHashError`` when the text is not base64 or does not hold 32 bytes.
    public init(base64 text: some StringProtocol) throws(MerkleHashError) {
        guard let bytes = Base64.decode(text) else { throw .notBase64(String(text)) }
        try self.init(bytes: bytes)
    }

    /// The hash in standard base64: 44 characters ending in `=`.
    public var base64: String {
        withUnsafeBytes { Base64.encode($0) }
    }
}
