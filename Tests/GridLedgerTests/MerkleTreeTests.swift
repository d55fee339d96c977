import GridLedger
import Testing

@Suite struct MerkleTreeTests {
    /// Roots of the RFC 6962 reference tree (the leaves of the CT/Trillian test suites).
    @Test func referenceRoots() throws {
        let leaves: [[UInt8]] = [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
            [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
        ]
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ]
        var tree = MerkleTree()
        #expect(tree.root == .emptyTree)
        for (index, leaf) in leaves.enumerated() {
            #expect(try tree.append(entry: leaf) == UInt64(index))
            #expect(tree.root.hex == roots[index])
        }
        for size in 1...8 {
            #expect(try tree.root(size: UInt64(size)).hex == roots[size - 1])
        }
        #expect(try tree.root(size: 0) == .emptyTree)
    }

    @Test func rootsAndProofsMatchTheRFCDefinitionsForEverySmallSize() throws {
        let count = 70
        let leaves = (0..<count).map { MerkleHash.leaf(ReferenceMerkle.entry($0)) }
        var tree = MerkleTree()
        for index in 0..<count {
            try tree.append(entry: ReferenceMerkle.entry(index))
        }
        for n in 0...count {
            let slice = leaves[0..<n]
            let root = ReferenceMerkle.root(slice)
            #expect(try tree.root(size: UInt64(n)) == root, "root of size \(n)")
            for m in 0..<n {
                let proof = try tree.inclusionProof(index: UInt64(m), size: UInt64(n))
                #expect(proof.hashes == ReferenceMerkle.path(m, slice), "PATH(\(m), D[\(n)])")
                #expect(throws: Never.self) { try proof.verify(leafHash: leaves[m], root: root) }
            }
            for m in 1...max(1, n) where m <= n {
                let proof = try tree.consistencyProof(from: UInt64(m), to: UInt64(n))
                #expect(proof.hashes == ReferenceMerkle.proof(m, slice), "PROOF(\(m), D[\(n)])")
                #expect(throws: Never.self) { try proof.verify(oldRoot: ReferenceMerkle.root(leaves[0..<m]), newRoot: root) }
            }
        }
    }

    @Test func storedHashesAreTheCompleteSubtrees() throws {
        var tree = MerkleTree()
        for index in 0..<1000 {
            try tree.append(entry: ReferenceMerkle.entry(index))
        }
        let levels = tree.storage.levels
        let leaves = (0..<1000).map { MerkleHash.leaf(ReferenceMerkle.entry($0)) }
        for (level, hashes) in levels.enumerated() {
            #expect(hashes.count == 1000 >> level)
            for (index, hash) in hashes.enumerated() {
                let start = index << level
                #expect(hash == ReferenceMerkle.root(leaves[start..<(start + (1 << level))]))
            }
        }
        #expect(levels.count == 10)
    }

    @Test func reopeningStorageContinuesTheSameTree() throws {
        var tree = MerkleTree()
        for index in 0..<77 { try tree.append(entry: ReferenceMerkle.entry(index)) }
        var reopened = try MerkleTree(storage: tree.storage)
        #expect(reopened.size == 77)
        #expect(reopened.root == tree.root)
        for index in 77..<300 {
            try tree.append(entry: ReferenceMerkle.entry(index))
            try reopened.append(entry: ReferenceMerkle.entry(index))
        }
        #expect(reopened.root == tree.root)
        #expect(reopened.storage.levels == tree.storage.levels)
    }

    @Test func badRequestsGiveClearErrors() throws {
        var tree = MerkleTree()
        for index in 0..<10 { try tree.append(entry: ReferenceMerkle.entry(index)) }
        #expect(throws: MerkleTreeError.sizeBeyondTree(11, treeSize: 10)) { try tree.root(size: 11) }
        #expect(throws: MerkleTreeError.leafOutOfRange(index: 5, size: 5)) { try tree.inclusionProof(index: 5, size: 5) }
        #expect(throws: MerkleTreeError.sizeBeyondTree(12, treeSize: 10)) { try tree.inclusionProof(index: 1, size: 12) }
        #expect(throws: MerkleTreeError.badConsistencySizes(oldSize: 0, newSize: 3)) { try tree.consistencyProof(from: 0, to: 3) }
        #expect(throws: MerkleTreeError.badConsistencySizes(oldSize: 4, newSize: 3)) { try tree.consistencyProof(from: 4, to: 3) }
        #expect(throws: MerkleTreeError.sizeBeyondTree(11, treeSize: 10)) { try tree.consistencyProof(from: 2, to: 11) }
        #expect(try tree.consistencyProof(from: 10, to: 10).hashes.isEmpty)
        do {
            _ = try tree.root(size: 11)
        } catch let error as MerkleTreeError {
            #expect(error.message == "tree size 11 is beyond the log, which has 10 leaves: ask for a size up to 10")
        }
    }

    @Test func storageRefusesOutOfOrderAppendsAndMissingHashes() throws {
        var storage = InMemoryMerkleHashStorage()
        #expect(throws: MerkleTreeError.outOfOrderAppend(MerkleNodeID(level: 0, index: 1), expectedIndex: 0)) {
            try storage.append(.emptyTree, for: MerkleNodeID(level: 0, index: 1))
        }
        #expect(throws: MerkleTreeError.missingHash(MerkleNodeID(level: 0, index: 0))) {
            try storage.hashes(of: [MerkleNodeID(level: 0, index: 0)])
        }
    }

    @Test func planAssemblesFromHashesFetchedElsewhere() throws {
        var tree = MerkleTree()
        for index in 0..<1234 { try tree.append(entry: ReferenceMerkle.entry(index)) }
        let plan = try MerkleProofPlan.inclusion(index: 1000, size: 1234)
        // What an async store would do: fetch the nodes in one query, then assemble.
        let fetched = try tree.storage.hashes(of: plan.nodes)
        #expect(try plan.assemble(fetched) == tree.inclusionProof(index: 1000, size: 1234).hashes)
        #expect(throws: MerkleTreeError.wrongHashCount(expected: plan.nodes.count, received: 1)) {
            try plan.assemble([.emptyTree])
        }
        #expect(try MerkleProofPlan.root(size: 0).assembleRoot([]) == .emptyTree)
        #expect(MerkleProofPlan.root(size: 1234).nodes == MerkleNodeID.covering(0..<1234))
    }

    @Test func coveringSplitsRangesIntoAlignedSubtrees() {
        #expect(MerkleNodeID.covering(0..<7) == [MerkleNodeID(level: 2, index: 0), MerkleNodeID(level: 1, index: 2), MerkleNodeID(level: 0, index: 6)])
        #expect(MerkleNodeID.covering(4..<8) == [MerkleNodeID(level: 2, index: 1)])
        #expect(MerkleNodeID.covering(3..<3).isEmpty)
        #expect(MerkleNodeID.covering(0..<UInt64.max).count == 64)
    }

    @Test func hugeEntriesAreRefused() throws {
        var tree = MerkleTree()
        #expect(throws: EntryBundleError.entryTooLarge(index: 0, byteCount: 65536)) {
            try tree.append(entry: [UInt8](repeating: 1, count: 65536))
        }
        #expect(tree.size == 0)
        try tree.append(entry: [UInt8](repeating: 1, count: 65535))
        #expect(tree.size == 1)
    }
}
