/// An append-only RFC 6962 Merkle tree over stored hashes: the verifiable log's core.
///
/// Appending a leaf stores its hash and the hash of every subtree it completes (what tlog
/// tiles are cut from), and keeps the right edge of the tree in memory, so appends read
/// nothing back. Roots of any size up to the current one, inclusion proofs and consistency
/// proofs are computed from the stored hashes.
///
/// ```swift
/// var tree = MerkleTree()
/// try tree.append(entry: Array("row 1".utf8))
/// let proof = try tree.inclusionProof(index: 0, size: tree.size)
/// try proof.verify(leafHash: .leaf(Array("row 1".utf8)), root: tree.root)
/// ```
public struct MerkleTree<Storage: MerkleHashStorage> {
    /// Where the stored hashes live.
    public private(set) var storage: Storage
    /// The number of leaves.
    public private(set) var size: UInt64
    /// The hashes of the complete subtrees along the right edge, largest first: one per set
    /// bit of `size`. Their fold from the right is the root.
    private var rightEdge: [MerkleHash]

    /// Opens the tree held by `storage`, reading only the hashes of its right edge.
    ///
    /// - Throws: what the storage throws, or ``MerkleTreeError`` if it lacks a hash.
    public init(storage: Storage) throws {
        let size = storage.leafCount
        let hashes = try storage.hashes(of: MerkleNodeID.covering(0..<size))
        guard hashes.count == size.nonzeroBitCount else {
            throw MerkleTreeError.wrongHashCount(expected: size.nonzeroBitCount, received: hashes.count)
        }
        self.storage = storage
        self.size = size
        self.rightEdge = hashes
    }

    /// The root of the whole tree; ``MerkleHash/emptyTree`` when it has no leaves.
    public var root: MerkleHash {
        guard var hash = rightEdge.last else { return .emptyTree }
        for left in rightEdge.dropLast().reversed() {
            hash = .node(left, hash)
        }
        return hash
    }

    /// Appends one log entry, hashed as an RFC 6962 leaf, and returns its index.
    ///
    /// - Throws: ``EntryBundleError`` when the entry is 64 KiB or more (an entry bundle cannot
    ///   carry it); otherwise as ``append(leafHash:)``.
    @discardableResult
    public mutating func append(entry: some Collection<UInt8>) throws -> UInt64 {
        guard entry.count <= EntryBundle.maximumEntrySize else {
            throw EntryBundleError.entryTooLarge(index: size, byteCount: entry.count)
        }
        return try append(leafHash: .leaf(entry))
    }

    /// Appends a leaf whose hash is already computed, and returns its index.
    ///
    /// - Throws: what the storage throws (then reopen the tree from the storage), or
    ///   ``MerkleTreeError`` when the tree is full.
    @discardableResult
    public mutating func append(leafHash: MerkleHash) throws -> UInt64 {
        let leafIndex = size
        guard leafIndex < UInt64.max else { throw MerkleTreeError.treeFull() }
        try storage.append(leafHash, for: MerkleNodeID(level: 0, index: leafIndex))
        var hash = leafHash
        var level = 0
        var index = leafIndex
        var edge = rightEdge.count
        while index & 1 == 1 {
            edge -= 1
            hash = .node(rightEdge[edge], hash)
            level += 1
            index >>= 1
            try storage.append(hash, for: MerkleNodeID(level: level, index: index))
        }
        rightEdge.removeSubrange(edge...)
        rightEdge.append(hash)
        size = leafIndex + 1
        return leafIndex
    }

    /// Appends entries in order; returns the index of the first.
    @discardableResult
    public mutating func append<Entries: Sequence>(contentsOf entries: Entries) throws -> UInt64
    where Entries.Element: Collection<UInt8> {
        let first = size
        for entry in entries {
            try append(entry: entry)
        }
        return first
    }

    /// The root of the tree of the first `size` leaves.
    ///
    /// - Throws: ``MerkleTreeError`` when `size` is beyond the tree; what the storage throws.
    public func root(size: UInt64) throws -> MerkleHash {
        guard size <= self.size else { throw MerkleTreeError.sizeBeyondTree(size, treeSize: self.size) }
        if size == self.size { return root }
        let plan = MerkleProofPlan.root(size: size)
        return try plan.assembleRoot(storage.hashes(of: plan.nodes))
    }

    /// The stored hash of leaf `index`.
    ///
    /// - Throws: ``MerkleTreeError`` when there is no such leaf; what the storage throws.
    public func leafHash(index: UInt64) throws -> MerkleHash {
        guard index < size else { throw MerkleTreeError.leafOutOfRange(index: index, size: size) }
        return try storage.hashes(of: [MerkleNodeID(level: 0, index: index)])[0]
    }
}

extension MerkleTree where Storage == InMemoryMerkleHashStorage {
    /// An empty tree kept in memory.
    public init() {
        self.storage = InMemoryMerkleHashStorage()
        self.size = 0
        self.rightEdge = []
    }
}

extension MerkleTree: Sendable where Storage: Sendable {}
