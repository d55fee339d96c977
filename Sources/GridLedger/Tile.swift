/// The coordinates of one C2SP tlog-tiles resource: a hash tile or an entry bundle.
///
/// Tiles have height 8: a full tile holds 256 hashes. The hash tile `n` at level `l` holds the
/// Merkle tree's stored hashes at tree level `8·l`, indices `256·n ..< 256·n + width`; the
/// entry bundle `n` holds the entries whose leaf hashes make level-0 tile `n`. A tile of width
/// below 256 is partial: the right edge of a tree whose size is not a multiple of 256^(l+1).
///
/// Paths are `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, with `N` in 3-digit path
/// elements, all but the last prefixed with `x` (1234067 is `x001/x234/067`); see ``path``
/// and ``init(path:)``.
public struct Tile: Sendable, Hashable, CustomStringConvertible {
    /// The number of tree levels a tile spans.
    public static let height = 8
    /// The number of hashes (or entries) in a full tile.
    public static let fullWidth = 256
    /// The highest level a tile path may name.
    public static let maximumLevel = 63

    /// What a tile holds.
    public enum Kind: Sendable, Hashable {
        /// Concatenated 32-byte hashes of tree level `8 · level`.
        case hashes(level: Int)
        /// Length-prefixed log entries (see ``EntryBundle``).
        case entries
    }

    /// Hashes at some level, or entries.
    public let kind: Kind
    /// The tile's position within its level, from 0.
    public let index: UInt64
    /// The number of hashes or entries: 256 for a full tile, 1...255 for a partial one.
    public let width: Int

    /// A hash tile.
    ///
    /// - Throws: ``TileError`` when `level` is outside 0...63 or `width` outside 1...256.
    public init(level: Int, index: UInt64, width: Int = Tile.fullWidth) throws(TileError) {
        guard (0...Self.maximumLevel).contains(level) else { throw .levelOutOfRange(level) }
        try self.init(kind: .hashes(level: level), index: index, width: width)
    }

    /// An entry bundle.
    ///
    /// - Throws: ``TileError`` when `width` is outside 1...256.
    public init(entryBundle index: UInt64, width: Int = Tile.fullWidth) throws(TileError) {
        try self.init(kind: .entries, index: index, width: width)
    }

    private init(kind: Kind, index: UInt64, width: Int) throws(TileError) {
        guard (1...Self.fullWidth).contains(width) else { throw .widthOutOfRange(width) }
        self.kind = kind
        self.index = index
        self.width = width
    }

    /// Coordinates already known to be valid.
    init(validKind kind: Kind, index: UInt64, width: Int) {
        self.kind = kind
        self.index = index
        self.width = width
    }

    /// Whether the tile is narrower than 256.
    public var isPartial: Bool { width < Self.fullWidth }

    /// The tree level of the hashes: `8 · level` for a hash tile, 0 (leaves) for entries.
    public var treeLevel: Int {
        switch kind {
        case .hashes(let level): level * Self.height
        case .entries: 0
        }
    }

    /// The stored tree nodes whose hashes make the tile, in order (for an entry bundle, the
    /// leaves of its entries).
    ///
    /// - Returns: an empty array if the tile lies beyond 2^64 leaves.
    public var nodes: [MerkleNodeID] {
        guard requiredTreeSize != nil else { return [] }
        let first = index * UInt64(Self.fullWidth)
        return (0..<UInt64(width)).map { MerkleNodeID(level: treeLevel, index: first + $0) }
    }

    /// The number of leaves a tree needs for this tile to exist, or nil beyond 2^64 − 1.
    public var requiredTreeSize: UInt64? {
        let level = treeLevel
        guard level < 64 else { return nil }
        let end = index.multipliedReportingOverflow(by: UInt64(Self.fullWidth))
        guard !end.overflow else { return nil }
        let hashes = end.partialValue.addingReportingOverflow(UInt64(width))
        // The last hash's leaves end below 2^64 exactly when the hash count has `level` spare bits.
        guard !hashes.overflow, hashes.partialValue.leadingZeroBitCount >= level else { return nil }
        return hashes.partialValue << level
    }

    /// The path, as ``path``.
    public var description: String { path }
}
