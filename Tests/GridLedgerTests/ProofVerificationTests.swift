import GridLedger
import PropertyBased
import Testing

/// Random trees: every proof the tree makes verifies, and any changed bit makes it fail.
@Suite struct ProofVerificationTests {
    static func tree(size: Int) throws -> MerkleTree<InMemoryMerkleHashStorage> {
        var tree = MerkleTree()
        for index in 0..<size { try tree.append(entry: ReferenceMerkle.entry(index)) }
        return tree
    }

    static func flipping(_ hash: MerkleHash, bit: Int) -> MerkleHash {
        var bytes = hash.bytes
        bytes[bit / 8 % 32] ^= UInt8(1) << (bit % 8)
        return try! MerkleHash(bytes: bytes)
    }

    @Test func inclusionProofsVerifyAndTamperingFails() async {
        await propertyCheck(count: 150, input: Gen.int(in: 1...3000), Gen.int(in: 0...Int.max), Gen.int(in: 0...255)) { size, pick, bit in
            let tree = try! Self.tree(size: size)
            let index = UInt64(pick % size)
            let proof = try! tree.inclusionProof(index: index, size: UInt64(size))
            let leaf = try! tree.leafHash(index: index)
            #expect(throws: Never.self) { try proof.verify(leafHash: leaf, root: tree.root) }
            // A flipped bit in the leaf, the root or any proof hash fails.
            #expect(throws: MerkleProofError.self) { try proof.verify(leafHash: Self.flipping(leaf, bit: bit), root: tree.root) }
            #expect(throws: MerkleProofError.self) { try proof.verify(leafHash: leaf, root: Self.flipping(tree.root, bit: bit)) }
            if !proof.hashes.isEmpty {
                var hashes = proof.hashes
                let position = pick % hashes.count
                hashes[position] = Self.flipping(hashes[position], bit: bit)
                let bad = InclusionProof(leafIndex: index, treeSize: UInt64(size), hashes: hashes)
                #expect(throws: MerkleProofError.self) { try bad.verify(leafHash: leaf, root: tree.root) }
                // Dropping a hash, or claiming another index, fails too.
                let short = InclusionProof(leafIndex: index, treeSize: UInt64(size), hashes: Array(proof.hashes.dropLast()))
                #expect(throws: MerkleProofError.self) { try short.verify(leafHash: leaf, root: tree.root) }
                let moved = InclusionProof(leafIndex: (index + 1) % UInt64(size), treeSize: UInt64(size), hashes: proof.hashes)
                #expect(throws: MerkleProofError.self) { try moved.verify(leafHash: leaf, root: tree.root) }
            }
        }
    }

    @Test func consistencyProofsVerifyAndTamperingFails() async {
        await propertyCheck(count: 150, input: Gen.int(in: 2...3000), Gen.int(in: 0...Int.max), Gen.int(in: 0...255)) { newSize, pick, bit in
            let tree = try! Self.tree(size: newSize)
            let oldSize = UInt64(1 + pick % (newSize - 1))
            let proof = try! tree.consistencyProof(from: oldSize, to: UInt64(newSize))
            let oldRoot = try! tree.root(size: oldSize)
            #expect(throws: Never.self) { try proof.verify(oldRoot: oldRoot, newRoot: tree.root) }
            #expect(throws: MerkleProofError.self) { try proof.verify(oldRoot: Self.flipping(oldRoot, bit: bit), newRoot: tree.root) }
            #expect(throws: MerkleProofError.self) { try proof.verify(oldRoot: oldRoot, newRoot: Self.flipping(tree.root, bit: bit)) }
            var hashes = proof.hashes
            let position = pick % hashes.count
            hashes[position] = Self.flipping(hashes[position], bit: bit)
            let bad = ConsistencyProof(oldSize: oldSize, newSize: UInt64(newSize), hashes: hashes)
            #expect(throws: MerkleProofError.self) { try bad.verify(oldRoot: oldRoot, newRoot: tree.root) }
            let extra = ConsistencyProof(oldSize: oldSize, newSize: UInt64(newSize), hashes: proof.hashes + [oldRoot])
            #expect(throws: MerkleProofError.self) { try extra.verify(oldRoot: oldRoot, newRoot: tree.root) }
        }
    }

    @Test func verifierErrorsNameTheProblem() throws {
        let tree = try Self.tree(size: 5)
        let proof = try tree.inclusionProof(index: 2, size: 5)
        let leaf = try tree.leafHash(index: 2)
        #expect(throws: MerkleProofError.leafOutOfRange(index: 5, size: 5)) {
            try InclusionProof(leafIndex: 5, treeSize: 5, hashes: proof.hashes).verify(leafHash: leaf, root: tree.root)
        }
        #expect(throws: MerkleProofError.wrongProofLength(0, forProof: "")) {
            try InclusionProof(leafIndex: 2, treeSize: 5, hashes: proof.hashes + [leaf]).verify(leafHash: leaf, root: tree.root)
        }
        #expect(throws: MerkleProofError.rootMismatch(which: "", expected: .emptyTree, computed: .emptyTree)) {
            try proof.verify(leafHash: leaf, root: .emptyTree)
        }
        #expect(throws: MerkleProofError.sizesOutOfOrder(oldSize: 3, newSize: 2)) {
            try ConsistencyProof(oldSize: 3, newSize: 2, hashes: []).verify(oldRoot: tree.root, newRoot: tree.root)
        }
        #expect(throws: MerkleProofError.consistencyFromEmptyTree(newSize: 5)) {
            try ConsistencyProof(oldSize: 0, newSize: 5, hashes: []).verify(oldRoot: .emptyTree, newRoot: tree.root)
        }
        do {
            try ConsistencyProof(oldSize: 3, newSize: 5, hashes: try tree.consistencyProof(from: 3, to: 5).hashes)
                .verify(oldRoot: tree.root(size: 3), newRoot: .emptyTree)
            Issue.record("a wrong new root verified")
        } catch let error as MerkleProofError {
            #expect(error == .rootMismatch(which: "new", expected: .emptyTree, computed: .emptyTree))
            #expect(error.message.contains("new root"))
        }
    }
}
