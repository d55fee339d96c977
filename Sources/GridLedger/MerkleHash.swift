import GridCore

/// A SHA-256 hash in an RFC 6962 Merkle tree: a leaf hash, an interior node hash or a root.
///
/// Held inline as 32 bytes (no heap allocation), so a tree of a million leaves is two million
/// plain values. Printed as 64 lowercase hex digits; the transparency-log formats carry it in
/// standard base64 (see ``base64`` and ``init(base64:)``).
public struct MerkleHash: Sendable, Hashable, CustomStringConvertible {
    /// The number of bytes in a hash.
    public static let byteCount = 32

    /// The 32 bytes, in order, as four words in memory order (not numeric values).
    @usableFromInline
    var words: (UInt64, UInt64, UInt64, UInt64)

    @inlinable
    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// Copies exactly 32 bytes from raw memory; the caller guarantees the count.
    @inlinable
    init(copying raw: UnsafeRawBufferPointer) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(32))) }
        self.words = words
    }

    /// Wraps 32 bytes.
    ///
    /// - Throws: ``MerkleHashError`` naming the length when there are not exactly 32 bytes.
    public init(bytes: some Collection<UInt8>) throws(MerkleHashError) {
        guard bytes.count == Self.byteCount else { throw .wrongLength(bytes.count) }
        let array = Array(bytes)
        self = array.withUnsafeBytes { MerkleHash(copying: $0) }
    }

    /// The 32 bytes as an array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 32 bytes, without copying them.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// Same bytes.
    @inlinable
    public static func == (lhs: MerkleHash, rhs: MerkleHash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    /// Hashes the four words.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// The hash as 64 lowercase hex digits.
    public var hex: String { withUnsafeBytes { HexDigits.text(of: $0) } }

    /// The hash as 64 lowercase hex digits, as ``hex``.
    public var description: String { hex }
}
