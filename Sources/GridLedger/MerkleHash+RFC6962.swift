public import Crypto

extension MerkleHash {
    /// The root of the empty tree: SHA-256 of no bytes (RFC 6962, section 2.1).
    public static let emptyTree = MerkleHash(digest: SHA256.hash(data: [UInt8]()))

    /// Wraps a finished SHA-256 digest.
    @inlinable
    public init(digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { MerkleHash(copying: $0) }
    }

    /// The leaf hash of one log entry: SHA-256(0x00 ‖ entry) (RFC 6962, section 2.1).
    @inlinable
    public static func leaf(_ entry: some Collection<UInt8>) -> MerkleHash {
        var hasher = SHA256()
        Swift.withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        let done: Void? = entry.withContiguousStorageIfAvailable { buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(entry).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        return MerkleHash(digest: hasher.finalize())
    }

    /// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right) (RFC 6962, section 2.1).
    @inlinable
    public static func node(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return MerkleHash(digest: hasher.finalize())
        }
    }
}
