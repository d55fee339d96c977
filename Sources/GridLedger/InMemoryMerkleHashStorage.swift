/// Keeps a tree's stored hashes in arrays, one per level: about 64 bytes per leaf.
public struct InMemoryMerkleHashStorage: MerkleHashStorage, Sendable {
    /// The stored hashes, level by level; `levels[l][i]` is node `l/i`.
    public private(set) var levels: [[MerkleHash]] = []

    /// Empty storage.
    public init() {}

    /// The number of leaf hashes stored.
    public var leafCount: UInt64 {
        levels.isEmpty ? 0 : UInt64(levels[0].count)
    }

    /// Appends `hash` at the end of its level.
    ///
    /// - Throws: ``MerkleTreeError`` when `node` is not the next one of its level, which
    ///   means the caller is not appending in tree order.
    public mutating func append(_ hash: MerkleHash, for node: MerkleNodeID) throws {
        while levels.count <= node.level {
            levels.append([])
        }
        guard UInt64(levels[node.level].count) == node.index else {
            throw MerkleTreeError.outOfOrderAppend(node, expectedIndex: UInt64(levels[node.level].count))
        }
        levels[node.level].append(hash)
    }

    /// The hashes of `nodes`, in order.
    ///
    /// - Throws: ``MerkleTreeError`` naming the first node that is not stored.
    public func hashes(of nodes: [MerkleNodeID]) throws -> [MerkleHash] {
        var result: [MerkleHash] = []
        result.reserveCapacity(nodes.count)
        for node in nodes {
            guard node.level < levels.count, node.index < UInt64(levels[node.level].count) else {
                throw MerkleTreeError.missingHash(node)
            }
            result.append(levels[node.level][Int(node.index)])
        }
        return result
    }
}
