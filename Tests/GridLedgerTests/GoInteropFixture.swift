import Foundation
import GridLedger
import Testing

/// Writes a log directory for the Go verifier in GoInterop/verify.go (run by .ci/go-interop):
/// the verifier key, a signed checkpoint, every hash tile and entry bundle at its tlog-tiles
/// path, and inclusion and consistency proofs. Runs only when GRIDLEDGER_INTEROP_DIR names
/// the directory to write.
@Suite struct GoInteropFixture {
    static let directory = ProcessInfo.processInfo.environment["GRIDLEDGER_INTEROP_DIR"]
    static let origin = "idlegrid.example/ledger"
    static let treeSize: UInt64 = 70_000

    /// Entries of varied lengths: some empty, one of the largest size a bundle carries.
    static func entry(_ index: Int) -> [UInt8] {
        if index == 1000 { return [UInt8](repeating: 0x5a, count: EntryBundle.maximumEntrySize) }
        if index % 251 == 7 { return [] }
        return Array("idlegrid ledger row \(index)\n".utf8) + [UInt8](repeating: UInt8(index % 256), count: index % 41)
    }

    @Test(.enabled(if: directory != nil, "set GRIDLEDGER_INTEROP_DIR to write the Go interop fixture"))
    func writeFixture() throws {
        let base = URL(fileURLWithPath: try #require(Self.directory))
        let files = FileManager.default
        func write(_ bytes: [UInt8], to path: String) throws {
            let url = base.appendingPathComponent(path)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }

        let entries = (0..<Int(Self.treeSize)).map(Self.entry)
        var tree = MerkleTree()
        try tree.append(contentsOf: entries)

        let signer = try NoteSigner(name: Self.origin, privateKey: Array(MerkleHash.leaf(Array("idlegrid go interop key".utf8)).bytes))
        let checkpoint = try Checkpoint(origin: Self.origin, size: tree.size, rootHash: tree.root)
        try write(Array((signer.verifierKey + "\n").utf8), to: "vkey")
        try write(Array(try checkpoint.signed(by: [signer]).encoded.utf8), to: "checkpoint")

        for tile in tree.hashTiles {
            try write(try tree.tileData(tile), to: tile.path)
        }
        for bundle in Tile.entryBundles(treeSize: tree.size) {
            let start = Int(bundle.index) * Tile.fullWidth
            try write(try EntryBundle(entries: Array(entries[start..<(start + bundle.width)])).data, to: bundle.path)
        }

        var lines: [String] = []
        let inclusions: [(UInt64, UInt64)] = [(0, 1), (0, 70_000), (1000, 70_000), (69_999, 70_000), (65_535, 65_536), (12_345, 54_321), (255, 256), (256, 257), (4, 7)]
        for (index, size) in inclusions {
            let proof = try tree.inclusionProof(index: index, size: size)
            lines.append((["inclusion", String(index), String(size), try tree.root(size: size).base64] + proof.hashes.map(\.base64)).joined(separator: " "))
        }
        let consistencies: [(UInt64, UInt64)] = [(1, 70_000), (256, 70_000), (65_536, 70_000), (69_999, 70_000), (3, 7), (1000, 4096), (12_345, 54_321), (70_000, 70_000)]
        for (old, new) in consistencies {
            let proof = try tree.consistencyProof(from: old, to: new)
            lines.append((["consistency", String(old), String(new), try tree.root(size: old).base64, try tree.root(size: new).base64] + proof.hashes.map(\.base64)).joined(separator: " "))
        }
        try write(Array((lines.joined(separator: "\n") + "\n").utf8), to: "proofs")
    }
}
