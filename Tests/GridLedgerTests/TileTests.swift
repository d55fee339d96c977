import GridLedger
import Testing

@Suite struct TileTests {
    @Test func pathsFollowTlogTiles() throws {
        #expect(try Tile(level: 0, index: 1_234_067).path == "tile/0/x001/x234/067")
        #expect(try Tile(level: 0, index: 0).path == "tile/0/000")
        #expect(try Tile(level: 2, index: 999, width: 17).path == "tile/2/999.p/17")
        #expect(try Tile(level: 1, index: 1000).path == "tile/1/x001/000")
        #expect(try Tile(entryBundle: 5).path == "tile/entries/005")
        #expect(try Tile(entryBundle: 1_234_067, width: 112).path == "tile/entries/x001/x234/067.p/112")
        #expect(try Tile(level: 63, index: UInt64.max).path == "tile/63/x018/x446/x744/x073/x709/x551/615")
    }

    @Test func pathsParseBack() throws {
        let tiles = [
            try Tile(level: 0, index: 1_234_067), try Tile(level: 3, index: 7, width: 1),
            try Tile(entryBundle: 0), try Tile(entryBundle: 1_000_000, width: 255),
            try Tile(level: 63, index: UInt64.max),
        ]
        for tile in tiles {
            #expect(try Tile(path: tile.path) == tile)
        }
        let parsed = try Tile(path: "tile/entries/x001/x234/067.p/8")
        #expect(parsed.kind == .entries)
        #expect(parsed.index == 1_234_067)
        #expect(parsed.width == 8)
        #expect(parsed.isPartial)
    }

    @Test(arguments: [
        ("tiles/0/000", "tile/<L>/<N>"),
        ("tile/0", "tile/<L>/<N>"),
        ("tile/64/000", "level '64'"),
        ("tile/01/000", "level '01'"),
        ("tile/-1/000", "level '-1'"),
        ("tile/data/000", "level 'data'"),
        ("tile/0/00", "'00' must be exactly three digits"),
        ("tile/0/0000", "exactly three digits"),
        ("tile/0/001/234", "'001' must start with 'x'"),
        ("tile/0/x001/x234", "'x234' must be exactly three digits"),
        ("tile/0/x000/123", "leading zero group"),
        ("tile/0/123.p/0", "partial width '0'"),
        ("tile/0/123.p/256", "partial width '256'"),
        ("tile/0/123.p/012", "partial width '012'"),
        ("tile/0/123.p/", "partial width ''"),
        ("tile/0/x999/x999/x999/x999/x999/x999/999", "does not fit in 64 bits"),
        ("tile/0/1a3", "exactly three digits"),
        ("tile/0/000/", "'000' must start with 'x'"),
    ])
    func badPathsSayWhatIsWrong(path: String, problem: String) {
        do {
            let tile = try Tile(path: path)
            Issue.record("\(path) parsed as \(tile)")
        } catch {
            #expect(error == .malformedPath(path, problem: ""))
            #expect(error.message.contains(problem), "\(error.message)")
            #expect(error.message.contains(path))
        }
    }

    @Test func coordinatesAreValidated() {
        #expect(throws: TileError.levelOutOfRange(64)) { try Tile(level: 64, index: 0) }
        #expect(throws: TileError.widthOutOfRange(0)) { try Tile(level: 0, index: 0, width: 0) }
        #expect(throws: TileError.widthOutOfRange(257)) { try Tile(entryBundle: 0, width: 257) }
    }

    /// The spec's example: "a tree of size 70,000 will be represented by 273 full level 0
    /// tiles, one partial level 0 tile of width 112, one full level 1 tile, one partial level
    /// 1 tile of width 17, and one partial level 2 tile of width 1."
    @Test func tilesOfTheSpecsExampleTree() throws {
        let tiles = Tile.hashTiles(treeSize: 70_000)
        let level0 = tiles.filter { $0.kind == .hashes(level: 0) }
        #expect(level0.filter { !$0.isPartial }.count == 273)
        #expect(level0.last == (try Tile(level: 0, index: 273, width: 112)))
        #expect(tiles.filter { $0.kind == .hashes(level: 1) } == [try Tile(level: 1, index: 0), try Tile(level: 1, index: 1, width: 17)])
        #expect(tiles.filter { $0.kind == .hashes(level: 2) } == [try Tile(level: 2, index: 0, width: 1)])
        let expected = 273 + 1 + 2 + 1  // outside #expect: a literal sum there can time out the type checker
        #expect(tiles.count == expected)
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1."
        #expect(Tile.hashTiles(treeSize: 256) == [try Tile(level: 0, index: 0), try Tile(level: 1, index: 0, width: 1)])
        #expect(Tile.hashTiles(treeSize: 0).isEmpty)
        #expect(Tile.entryBundles(treeSize: 513) == [try Tile(entryBundle: 0), try Tile(entryBundle: 1), try Tile(entryBundle: 2, width: 1)])
    }

    @Test func tileDataIsTheStoredHashesConcatenated() throws {
        var tree = MerkleTree()
        for index in 0..<70_000 { try tree.append(leafHash: .leaf(ReferenceMerkle.entry(index))) }
        // A level-0 tile holds leaf hashes.
        let first = try tree.tileData(Tile(level: 0, index: 0))
        #expect(first.count == 8192)
        let firstHashes = try Tile(level: 0, index: 0).hashes(from: first)
        #expect(firstHashes == (0..<256).map { MerkleHash.leaf(ReferenceMerkle.entry($0)) })
        // A level-1 tile's hash i is the root of full level-0 tile i.
        let level1 = try Tile(level: 1, index: 0).hashes(from: tree.tileData(Tile(level: 1, index: 0)))
        #expect(level1[3] == ReferenceMerkle.root(try Tile(level: 0, index: 3).hashes(from: tree.tileData(Tile(level: 0, index: 3)))[...]))
        // The partial level-2 tile of width 1 holds the root of the first 65,536 leaves.
        let level2 = try Tile(level: 2, index: 0, width: 1).hashes(from: tree.tileData(Tile(level: 2, index: 0, width: 1)))
        #expect(level2 == [try tree.root(size: 65_536)])
        for tile in tree.hashTiles {
            #expect(try tree.tileData(tile).count == tile.width * 32)
        }
    }

    @Test func tileDataErrors() throws {
        var tree = MerkleTree()
        for index in 0..<300 { try tree.append(entry: ReferenceMerkle.entry(index)) }
        #expect(throws: MerkleTreeError.tileBeyondTree(try Tile(level: 0, index: 1), treeSize: 300)) {
            try tree.tileData(Tile(level: 0, index: 1))
        }
        #expect(throws: MerkleTreeError.tileBeyondTree(try Tile(level: 1, index: 0, width: 2), treeSize: 300)) {
            try tree.tileData(Tile(level: 1, index: 0, width: 2))
        }
        #expect(throws: MerkleTreeError.notAHashTile(try Tile(entryBundle: 0))) { try tree.tileData(Tile(entryBundle: 0)) }
        #expect(throws: TileError.wrongDataLength("", byteCount: 0, expected: 0)) {
            try Tile(level: 0, index: 0, width: 2).hashes(from: [UInt8](repeating: 0, count: 63))
        }
        #expect(throws: TileError.notAHashTile("")) { try Tile(entryBundle: 0).hashes(from: [UInt8]()) }
        #expect(try Tile(level: 0, index: 1, width: 44).requiredTreeSize == 300)
        #expect(try Tile(level: 7, index: 0).requiredTreeSize == nil)
        #expect(try Tile(level: 7, index: 0, width: 255).requiredTreeSize == 255 << 56)
    }
}
