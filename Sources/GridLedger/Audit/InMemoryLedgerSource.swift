/// A log served from memory, signed by a key held here: a ``LedgerSource`` for checking an
/// auditor (its tests change the bytes it serves) and for measuring one without HTTP.
public struct InMemoryLedgerSource: LedgerSource {
    /// The entries served in the entry bundles.
    public var entries: [[UInt8]]
    /// The leaves of the tree the log claims (its hash tiles and checkpoint), by default the
    /// entries' own; set them apart from the entries to serve a log whose rows were changed.
    public var leaves: [MerkleHash] {
        didSet { tree = Self.tree(of: leaves) }
    }
    /// A signed note served instead of the checkpoint signed here, when set.
    public var note: String?
    /// The settlement blocks' canonical text, in order.
    public var blocks: [[UInt8]] = []
    private let signer: NoteSigner
    private var tree: MerkleTree<InMemoryMerkleHashStorage>

    /// A log of `entries`, its checkpoints signed by `signer`.
    public init(entries: [[UInt8]], signer: NoteSigner) {
        self.entries = entries
        self.signer = signer
        self.leaves = entries.map { MerkleHash.leaf($0) }
        self.tree = Self.tree(of: leaves)
    }

    public func verifierKey() async throws -> String { signer.verifierKey }

    public func checkpoint() async throws -> String {
        if let note { return note }
        return try Checkpoint(origin: signer.name, size: tree.size, rootHash: tree.root).signed(by: [signer]).encoded
    }

    public func tile(_ tile: Tile) async throws -> [UInt8] {
        switch tile.kind {
        case .entries:
            let start = Int(tile.index) * Tile.fullWidth
            return try EntryBundle(entries: Array(entries[start..<start + tile.width])).data
        case .hashes:
            return try tree.tileData(tile)
        }
    }

    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) async throws -> [MerkleHash] {
        try tree.consistencyProof(from: oldSize, to: newSize).hashes
    }

    public func settlementBlocks(from sequence: UInt64) async throws -> [[UInt8]] {
        sequence < UInt64(blocks.count) ? Array(blocks[Int(sequence)...]) : []
    }

    private static func tree(of leaves: [MerkleHash]) -> MerkleTree<InMemoryMerkleHashStorage> {
        var tree = MerkleTree<InMemoryMerkleHashStorage>()
        // Leaves in order, so no append can fail.
        for leaf in leaves { _ = try? tree.append(leafHash: leaf) }
        return tree
    }
}
