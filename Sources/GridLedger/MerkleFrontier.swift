/// The right edge of an RFC 6962 tree: the roots of its perfect subtrees, largest first (at
/// most 64 hashes). Enough to append leaves and compute the root without keeping the tree, so a
/// store can sign a checkpoint of its log at any size by folding in only the leaves it has not
/// seen.
public struct MerkleFrontier: Sendable, Hashable {
    /// The roots of the perfect subtrees, with their heights, left to right.
    private var subtrees: [(hash: MerkleHash, height: Int)] = []
    /// How many leaves it has taken.
    public private(set) var size: UInt64 = 0

    /// The frontier of the empty tree.
    public init() {}

    /// Appends the leaf whose hash is `leafHash`.
    public mutating func append(leafHash: MerkleHash) {
        var hash = leafHash
        var height = 0
        while let last = subtrees.last, last.height == height {
            subtrees.removeLast()
            hash = .node(last.hash, hash)
            height += 1
        }
        subtrees.append((hash, height))
        size += 1
    }

    /// The frontier of a tree of `size` leaves from its subtree roots, largest first, as
    /// ``subtreeHashes`` gave them: one per bit set in `size`.
    ///
    /// - Throws: ``MerkleTreeError/wrongHashCount(expected:received:)`` when the count does not
    ///   match `size`.
    public init(size: UInt64, subtreeHashes: [MerkleHash]) throws(MerkleTreeError) {
        guard subtreeHashes.count == size.nonzeroBitCount else {
            throw .wrongHashCount(expected: size.nonzeroBitCount, received: subtreeHashes.count)
        }
        // Each set bit of the size is one perfect subtree, the highest bit the leftmost.
        let heights = (0..<UInt64.bitWidth).reversed().filter { size & (1 << UInt64($0)) != 0 }
        self.subtrees = zip(subtreeHashes, heights).map { (hash: $0, height: $1) }
        self.size = size
    }

    /// The roots of the perfect subtrees, largest first: with ``size``, all a store keeps to
    /// go on appending where it left off.
    public var subtreeHashes: [MerkleHash] { subtrees.map(\.hash) }

    /// The root of the tree of ``size`` leaves.
    public var root: MerkleHash {
        guard var root = subtrees.last?.hash else { return .emptyTree }
        for subtree in subtrees.dropLast().reversed() {
            root = .node(subtree.hash, root)
        }
        return root
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.size == rhs.size && lhs.subtrees.map(\.hash) == rhs.subtrees.map(\.hash)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        for subtree in subtrees { hasher.combine(subtree.hash) }
    }
}
