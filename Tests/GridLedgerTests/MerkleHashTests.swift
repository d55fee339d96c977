import GridLedger
import Testing

@Suite struct MerkleHashTests {
    @Test func emptyTreeIsSHA256OfNothing() {
        #expect(MerkleHash.emptyTree.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func leafHashPrefixesZero() {
        // SHA-256(0x00): the RFC 6962 hash of the empty entry.
        #expect(MerkleHash.leaf([UInt8]()).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        // A non-contiguous collection hashes the same as its array.
        let bytes: [UInt8] = [0x10, 0x20, 0x30]
        #expect(MerkleHash.leaf(bytes.lazy.map { $0 }) == MerkleHash.leaf(bytes))
    }

    @Test func nodeHashPrefixesOne() throws {
        // RFC 6962 reference tree of the leaves "" and 0x00: root of size 2.
        let left = MerkleHash.leaf([UInt8]())
        let right = MerkleHash.leaf([0x00])
        #expect(MerkleHash.node(left, right).hex == "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")
        #expect(MerkleHash.node(left, right) != MerkleHash.node(right, left))
    }

    @Test func bytesAndBase64RoundTrip() throws {
        let hash = MerkleHash.leaf(Array("x".utf8))
        #expect(try MerkleHash(bytes: hash.bytes) == hash)
        #expect(try MerkleHash(base64: hash.base64) == hash)
        #expect(hash.base64.count == 44)
        #expect(Set([hash, hash, .emptyTree]).count == 2)
    }

    @Test func wrongLengthAndBadBase64AreRefused() {
        #expect(throws: MerkleHashError.wrongLength(31)) { try MerkleHash(bytes: [UInt8](repeating: 0, count: 31)) }
        #expect(throws: MerkleHashError.notBase64("")) { try MerkleHash(base64: "not base64!") }
        // Valid base64 of 12 bytes is the wrong length, and says so.
        do {
            _ = try MerkleHash(base64: "ZG9uJ3QgY2FyZSAx")
            Issue.record("12 bytes accepted as a hash")
        } catch {
            #expect(error == .wrongLength(12))
            #expect(error.message.contains("not 12"))
        }
    }
}
