/// A complete subtree of a Merkle tree: `2^level` leaves starting at leaf `index << level`.
///
/// These are the hashes an append-only tree stores: level 0 holds the leaf hashes, level 1
/// the hashes of aligned leaf pairs, and so on. A tree of size `n` has `n >> level` stored
/// hashes at each level. Tiles of height 8 are slices of the levels 0, 8, 16, ….
public struct MerkleNodeID: Sendable, Hashable, CustomStringConvertible {
    /// The height of the subtree: 0 for a leaf, at most 63.
    public let level: Int
    /// The position of the subtree among those of its level, from 0 at the left.
    public let index: UInt64

    /// A node at `level` (0...63) and `index`.
    ///
    /// - Precondition: the subtree lies within 2^64 leaves.
    @inlinable
    public init(level: Int, index: UInt64) {
        precondition((0...63).contains(level), "a Merkle node's level is 0...63, not \(level)")
        precondition(level == 0 || index < UInt64(1) << (64 - level), "node \(index) at level \(level) lies beyond 2^64 leaves")
        self.level = level
        self.index = index
    }

    /// The first leaf the subtree covers.
    public var firstLeaf: UInt64 { index << level }

    /// The number of leaves the subtree covers.
    public var leafCount: UInt64 { UInt64(1) << level }

    /// Whether a tree of `size` leaves holds this complete subtree.
    public func isStored(inTreeOfSize size: UInt64) -> Bool {
        index < size >> level
    }

    /// `level/index`, for messages.
    public var description: String { "\(level)/\(index)" }

    /// The complete subtrees that cover leaves `range` exactly, left to right, each as large
    /// as its alignment allows.
    ///
    /// For the ranges that RFC 6962's recursion produces (a start aligned to a power of two at
    /// least the range's length), the hash of the range is these nodes' hashes folded from the
    /// right: `node(h₀, node(h₁, … node(hₖ₋₁, hₖ)))`.
    public static func covering(_ range: Range<UInt64>) -> [MerkleNodeID] {
        var nodes: [MerkleNodeID] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let remaining = range.upperBound - start
            let fitting = 63 - remaining.leadingZeroBitCount
            let aligned = start == 0 ? 63 : start.trailingZeroBitCount
            let level = min(fitting, aligned)
            nodes.append(MerkleNodeID(level: level, index: start >> level))
            start += UInt64(1) << level
        }
        return nodes
    }
}
