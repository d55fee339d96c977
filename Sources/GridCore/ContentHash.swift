public import Crypto

/// The SHA-256 of some bytes: how modules, inputs and outputs are named and checked.
///
/// Printed and encoded as 64 lowercase hex digits, the form used in URLs (`/v1/blobs/{hash}`).
public struct ContentHash: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Hashes `data`.
    public init(of data: some Sequence<UInt8>) {
        var hasher = SHA256()
        hasher.update(data: Array(data))
        self.bytes = Array(hasher.finalize())
    }

    /// Wraps a finished SHA-256 digest.
    public init(digest: SHA256.Digest) {
        self.bytes = Array(digest)
    }

    /// Wraps 32 digest bytes as they travel in the compact wire form; nil for another length.
    init?(digestBytes: some Collection<UInt8>) {
        guard digestBytes.count == 32 else { return nil }
        self.bytes = Array(digestBytes)
    }

    /// Parses 64 hex digits (either case).
    public init(hex: String) throws(ContentHashError) {
        var text = hex
        guard let bytes = text.withUTF8({ Self.digest(hex: $0, lowercaseOnly: false) }) else { throw .malformed(hex) }
        self.bytes = bytes
    }

    /// Parses exactly the form ``hex`` writes, 64 lowercase hex digits, from their bytes; nil for
    /// anything else (the ledger's canonical encoding refuses every other form).
    public init?(lowercaseHex utf8: UnsafeBufferPointer<UInt8>) {
        guard let bytes = Self.digest(hex: utf8, lowercaseOnly: true) else { return nil }
        self.bytes = bytes
    }

    private static func digest(hex utf8: UnsafeBufferPointer<UInt8>, lowercaseOnly: Bool) -> [UInt8]? {
        guard utf8.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            let high = utf8[index], low = utf8[index + 1]
            if lowercaseOnly, HexDigits.isUppercase(high) || HexDigits.isUppercase(low) { return nil }
            guard let high = HexDigits.value(of: high), let low = HexDigits.value(of: low) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String { HexDigits.text(of: bytes) }

    /// The digest as 64 lowercase hex digits, as ``hex``.
    public var description: String { hex }

    /// Orders hashes by their bytes, for stable listings.
    public static func < (lhs: ContentHash, rhs: ContentHash) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// Decodes 64 hex digits; anything else is a `DecodingError` saying what was expected.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(hex: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the hash as 64 lowercase hex digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

}
