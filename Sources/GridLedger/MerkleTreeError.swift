/// Why a ``MerkleTree`` or its storage could not do what was asked.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct MerkleTreeError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case sizeBeyondTree
        case leafOutOfRange
        case badConsistencySizes
        case missingHash
        case outOfOrderAppend
        case wrongHashCount
        case tileBeyondTree
        case notAHashTile
        case treeFull
    }

    private let code: Code
    /// What was wrong and what to do, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A root or proof was asked for a tree larger than the one stored.
    public static func sizeBeyondTree(_ size: UInt64, treeSize: UInt64) -> Self {
        .init(code: .sizeBeyondTree, message: "tree size \(size) is beyond the log, which has \(treeSize) leaves: ask for a size up to \(treeSize)")
    }

    /// An inclusion proof was asked for a leaf the tree of that size does not hold.
    public static func leafOutOfRange(index: UInt64, size: UInt64) -> Self {
        .init(code: .leafOutOfRange, message: "leaf \(index) is not in a tree of size \(size): the leaf index must be below the tree size")
    }

    /// A consistency proof was asked between sizes that do not make one.
    public static func badConsistencySizes(oldSize: UInt64, newSize: UInt64) -> Self {
        .init(code: .badConsistencySizes, message: "no consistency proof from size \(oldSize) to size \(newSize): the old size must be at least 1 and at most the new size")
    }

    /// The storage does not hold a hash the tree needs.
    public static func missingHash(_ node: MerkleNodeID) -> Self {
        .init(code: .missingHash, message: "the storage holds no hash for node \(node) (level/index): it is not the tree it was opened as, or it lost rows")
    }

    /// A hash was appended out of tree order.
    public static func outOfOrderAppend(_ node: MerkleNodeID, expectedIndex: UInt64) -> Self {
        .init(code: .outOfOrderAppend, message: "node \(node) appended where level \(node.level) expects index \(expectedIndex): append hashes in tree order, through MerkleTree")
    }

    /// A reader returned a different number of hashes than nodes asked for.
    public static func wrongHashCount(expected: Int, received: Int) -> Self {
        .init(code: .wrongHashCount, message: "\(received) hashes given for \(expected) nodes: a hash reader must return one hash per node, in order")
    }

    /// A tile was asked for that the tree does not fill.
    public static func tileBeyondTree(_ tile: Tile, treeSize: UInt64) -> Self {
        .init(code: .tileBeyondTree, message: "tile \(tile.path) needs more leaves than the tree's \(treeSize)")
    }

    /// Entry bundles were asked from the tree, which keeps only hashes.
    public static func notAHashTile(_ tile: Tile) -> Self {
        .init(code: .notAHashTile, message: "\(tile.path) is an entry bundle: the tree stores only hashes; build bundles from the entries with EntryBundle")
    }

    /// The tree holds 2^64 − 1 leaves and cannot grow.
    public static func treeFull() -> Self {
        .init(code: .treeFull, message: "the tree holds 2^64 − 1 leaves, the most a size can count")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
