extension MerkleTree {
    /// The hash tiles of the tree at its current size, as ``Tile/hashTiles(treeSize:)``.
    public var hashTiles: [Tile] { Tile.hashTiles(treeSize: size) }

    /// The bytes of a hash tile: its hashes concatenated, read from the storage.
    ///
    /// - Throws: ``MerkleTreeError`` for an entry bundle or a tile the tree does not fill yet;
    ///   what the storage throws.
    public func tileData(_ tile: Tile) throws -> [UInt8] {
        guard case .hashes = tile.kind else { throw MerkleTreeError.notAHashTile(tile) }
        guard let required = tile.requiredTreeSize, required <= size else {
            throw MerkleTreeError.tileBeyondTree(tile, treeSize: size)
        }
        return Tile.data(of: try storage.hashes(of: tile.nodes))
    }
}
