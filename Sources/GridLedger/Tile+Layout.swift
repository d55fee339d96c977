extension Tile {
    /// The hash tiles of the tree of `treeSize` leaves: at each level the full tiles, then
    /// the partial tile if the level's width is not a multiple of 256. Level by level, left to
    /// right; empty for the empty tree.
    public static func hashTiles(treeSize: UInt64) -> [Tile] {
        var tiles: [Tile] = []
        var level = 0
        while level * height < 64, treeSize >> (level * height) > 0 {
            let hashCount = treeSize >> (level * height)
            tiles.append(contentsOf: row(kind: .hashes(level: level), count: hashCount))
            level += 1
        }
        return tiles
    }

    /// The entry bundles of the tree of `treeSize` leaves: full bundles, then a partial one
    /// when `treeSize` is not a multiple of 256.
    public static func entryBundles(treeSize: UInt64) -> [Tile] {
        row(kind: .entries, count: treeSize)
    }

    /// The tiles of `count` hashes (or entries) of one level.
    private static func row(kind: Kind, count: UInt64) -> [Tile] {
        let full = count / UInt64(fullWidth)
        var tiles = (0..<full).map { Tile(validKind: kind, index: $0, width: fullWidth) }
        let rest = Int(count % UInt64(fullWidth))
        if rest > 0 {
            tiles.append(Tile(validKind: kind, index: full, width: rest))
        }
        return tiles
    }

    /// The bytes of a hash tile: its hashes concatenated.
    public static func data(of hashes: [MerkleHash]) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(hashes.count * MerkleHash.byteCount)
        for hash in hashes {
            hash.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Splits the bytes of this hash tile into its hashes.
    ///
    /// - Throws: ``TileError`` when this is an entry bundle or the data is not exactly
    ///   ``width`` hashes long.
    public func hashes(from data: some Collection<UInt8>) throws(TileError) -> [MerkleHash] {
        guard case .hashes = kind else { throw .notAHashTile(path) }
        let bytes = Array(data)
        guard bytes.count == width * MerkleHash.byteCount else {
            throw .wrongDataLength(path, byteCount: bytes.count, expected: width * MerkleHash.byteCount)
        }
        return bytes.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: MerkleHash.byteCount).map {
                MerkleHash(copying: UnsafeRawBufferPointer(rebasing: raw[$0..<($0 + MerkleHash.byteCount)]))
            }
        }
    }
}
