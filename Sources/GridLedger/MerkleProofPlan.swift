/// Which stored hashes a root or a proof is made of, and how to combine them.
///
/// Planning is pure arithmetic on sizes; a storage that cannot answer ``MerkleHashReader``
/// synchronously fetches ``nodes`` in one query and hands the hashes to ``assemble(_:)``.
/// ``MerkleTree`` does both steps over its own storage.
public struct MerkleProofPlan: Sendable, Hashable {
    /// The stored subtrees to read, in the order ``assemble(_:)`` expects their hashes.
    public let nodes: [MerkleNodeID]
    /// For each output hash, the run of `nodes` whose hashes fold (from the right) into it.
    private let groups: [Range<Int>]

    private init(ranges: [Range<UInt64>]) {
        var nodes: [MerkleNodeID] = []
        var groups: [Range<Int>] = []
        for range in ranges {
            let start = nodes.count
            nodes.append(contentsOf: MerkleNodeID.covering(range))
            groups.append(start..<nodes.count)
        }
        self.nodes = nodes
        self.groups = groups
    }

    /// The number of hashes ``assemble(_:)`` returns.
    public var outputCount: Int { groups.count }

    /// Combines the hashes of ``nodes`` (same order) into the planned hashes.
    ///
    /// - Throws: ``MerkleTreeError`` when the count of hashes is not the count of nodes.
    public func assemble(_ hashes: [MerkleHash]) throws(MerkleTreeError) -> [MerkleHash] {
        guard hashes.count == nodes.count else {
            throw .wrongHashCount(expected: nodes.count, received: hashes.count)
        }
        return groups.map { group in
            var hash = hashes[group.upperBound - 1]
            for position in group.dropLast().reversed() {
                hash = .node(hashes[position], hash)
            }
            return hash
        }
    }

    /// The plan for the root of the tree of the first `size` leaves: one output, the root.
    /// For size 0 there are no nodes and the output is ``MerkleHash/emptyTree``; use
    /// ``assembleRoot(_:)`` to get it as a single hash.
    public static func root(size: UInt64) -> MerkleProofPlan {
        MerkleProofPlan(ranges: size == 0 ? [] : [0..<size])
    }

    /// Combines the hashes of a ``root(size:)`` plan into the root.
    public func assembleRoot(_ hashes: [MerkleHash]) throws(MerkleTreeError) -> MerkleHash {
        try assemble(hashes).first ?? .emptyTree
    }

    /// The plan for the inclusion proof of leaf `index` in the tree of size `size`
    /// (RFC 6962, section 2.1.1): outputs are the proof's hashes, from the leaf up.
    ///
    /// - Throws: ``MerkleTreeError`` when `index` is not below `size`.
    public static func inclusion(index: UInt64, size: UInt64) throws(MerkleTreeError) -> MerkleProofPlan {
        guard index < size else { throw .leafOutOfRange(index: index, size: size) }
        var topDown: [Range<UInt64>] = []
        var low: UInt64 = 0
        var high = size
        while high - low > 1 {
            let split = low + largestPowerOfTwo(below: high - low)
            if index < split {
                topDown.append(split..<high)
                high = split
            } else {
                topDown.append(low..<split)
                low = split
            }
        }
        return MerkleProofPlan(ranges: topDown.reversed())
    }

    /// The plan for the consistency proof from the tree of size `oldSize` to the tree of size
    /// `newSize` (RFC 6962, section 2.1.2): outputs are the proof's hashes, bottom-up.
    /// Equal sizes give an empty proof.
    ///
    /// - Throws: ``MerkleTreeError`` when `oldSize` is 0 (nothing to prove) or above `newSize`.
    public static func consistency(from oldSize: UInt64, to newSize: UInt64) throws(MerkleTreeError) -> MerkleProofPlan {
        guard oldSize > 0, oldSize <= newSize else {
            throw .badConsistencySizes(oldSize: oldSize, newSize: newSize)
        }
        var topDown: [Range<UInt64>] = []
        var low: UInt64 = 0
        var high = newSize
        var wholeOldTree = true
        while true {
            if oldSize == high {
                // The old tree's boundary is this subtree's right edge: the verifier knows
                // the old root, so it is only needed when this is a proper subtree of it.
                if !wholeOldTree { topDown.append(low..<high) }
                break
            }
            let split = low + largestPowerOfTwo(below: high - low)
            if oldSize <= split {
                topDown.append(split..<high)
                high = split
            } else {
                topDown.append(low..<split)
                low = split
                wholeOldTree = false
            }
        }
        return MerkleProofPlan(ranges: topDown.reversed())
    }
}

/// The largest power of two strictly below `n` (n ≥ 2).
@usableFromInline
func largestPowerOfTwo(below n: UInt64) -> UInt64 {
    UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
}
