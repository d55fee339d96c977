import Foundation
import GridLedger
import Testing

/// transparency-dev/merkle's RFC 6962 proof vectors, every file, valid and broken.
@Suite struct RFC6962VectorTests {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("RFC6962Vectors")

    struct InclusionCase: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    struct ConsistencyCase: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    static func files(_ folder: String) throws -> [URL] {
        let base = vectors.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    /// Hashes in the files are base64 bytes; a proof element or leaf hash that is not 32 bytes
    /// cannot be a MerkleHash, which is a rejection (those cases all want an error).
    static func hash(_ text: String) -> MerkleHash? {
        guard let bytes = Data(base64Encoded: text) else { return nil }
        return try? MerkleHash(bytes: Array(bytes))
    }

    /// Roots: a few vector files give a root as non-hash text (such as "don't care 1") in cases
    /// where only equality matters; such text maps to a stand-in hash of its bytes, so equal
    /// texts stay equal.
    static func root(_ text: String) -> MerkleHash {
        if let hash = hash(text) { return hash }
        return .leaf([0xff] + Array(Data(base64Encoded: text) ?? Data(text.utf8)))
    }

    /// nil when the case verifies; otherwise why not.
    static func inclusionFailure(_ c: InclusionCase) -> String? {
        guard let leaf = hash(c.leafHash) else { return "leaf hash is not 32 bytes" }
        var path: [MerkleHash] = []
        for element in c.proof ?? [] {
            guard let hash = hash(element) else { return "proof element is not 32 bytes" }
            path.append(hash)
        }
        let proof = InclusionProof(leafIndex: c.leafIdx, treeSize: c.treeSize, hashes: path)
        do {
            try proof.verify(leafHash: leaf, root: root(c.root))
            return nil
        } catch {
            return error.message
        }
    }

    static func consistencyFailure(_ c: ConsistencyCase) -> String? {
        var path: [MerkleHash] = []
        for element in c.proof ?? [] {
            guard let hash = hash(element) else { return "proof element is not 32 bytes" }
            path.append(hash)
        }
        let proof = ConsistencyProof(oldSize: c.size1, newSize: c.size2, hashes: path)
        do {
            try proof.verify(oldRoot: root(c.root1), newRoot: root(c.root2))
            return nil
        } catch {
            return error.message
        }
    }

    @Test func everyInclusionVector() throws {
        let files = try Self.files("inclusion")
        #expect(files.count == 98)
        var valid = 0
        for file in files {
            let c = try JSONDecoder().decode(InclusionCase.self, from: Data(contentsOf: file))
            let failure = Self.inclusionFailure(c)
            #expect((failure != nil) == c.wantErr, "\(file.lastPathComponent) (\(c.desc)): \(failure ?? "verified")")
            if !c.wantErr { valid += 1 }
        }
        #expect(valid > 0)
    }

    @Test func everyConsistencyVector() throws {
        let files = try Self.files("consistency")
        #expect(files.count == 98)
        var valid = 0
        for file in files {
            let c = try JSONDecoder().decode(ConsistencyCase.self, from: Data(contentsOf: file))
            let failure = Self.consistencyFailure(c)
            #expect((failure != nil) == c.wantErr, "\(file.lastPathComponent) (\(c.desc)): \(failure ?? "verified")")
            if !c.wantErr { valid += 1 }
        }
        #expect(valid > 0)
    }

    /// The vectors' valid proofs come from the RFC 6962 reference tree of eight leaves; our
    /// tree over the same leaves gives the same roots and byte-identical proofs.
    @Test func ourTreeReproducesTheValidVectors() throws {
        let leaves: [[UInt8]] = [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
            [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
        ]
        var tree = MerkleTree()
        try tree.append(contentsOf: leaves)
        var checked = 0
        for file in try Self.files("inclusion") {
            let c = try JSONDecoder().decode(InclusionCase.self, from: Data(contentsOf: file))
            // Only cases over the reference tree's leaves (the single-entry folder uses another).
            guard !c.wantErr, c.treeSize <= 8, try Self.hash(c.leafHash) == tree.leafHash(index: c.leafIdx) else { continue }
            #expect(try tree.root(size: c.treeSize) == Self.root(c.root), "\(file.path)")
            let proof = try tree.inclusionProof(index: c.leafIdx, size: c.treeSize)
            #expect(proof.hashes.map(\.base64) == (c.proof ?? []), "\(file.path)")
            checked += 1
        }
        for file in try Self.files("consistency") {
            let c = try JSONDecoder().decode(ConsistencyCase.self, from: Data(contentsOf: file))
            guard !c.wantErr, c.size2 <= 8, c.size1 > 0, c.size1 < c.size2 else { continue }
            let proof = try tree.consistencyProof(from: c.size1, to: c.size2)
            #expect(proof.hashes.map(\.base64) == (c.proof ?? []), "\(file.path)")
            #expect(try tree.root(size: c.size2) == Self.root(c.root2))
            checked += 1
        }
        #expect(checked >= 5)
    }
}
