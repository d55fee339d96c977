import GridLedger

/// RFC 6962's definitions written as directly as possible — recursion over the leaf list —
/// so the tree's stored-hash algorithms are checked against the text, not against themselves.
enum ReferenceMerkle {
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[n]).
    static func root(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        switch leaves.count {
        case 0: return .emptyTree
        case 1: return leaves.first!
        default:
            let k = split(leaves.count)
            let start = leaves.startIndex
            return .node(root(leaves[start..<(start + k)]), root(leaves[(start + k)...]))
        }
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ leaves: ArraySlice<MerkleHash>) -> [MerkleHash] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let start = leaves.startIndex
        if m < k {
            return path(m, leaves[start..<(start + k)]) + [root(leaves[(start + k)...])]
        } else {
            return path(m - k, leaves[(start + k)...]) + [root(leaves[start..<(start + k)])]
        }
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    static func proof(_ m: Int, _ leaves: ArraySlice<MerkleHash>) -> [MerkleHash] {
        subproof(m, leaves, true)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<MerkleHash>, _ b: Bool) -> [MerkleHash] {
        let n = leaves.count
        if m == n { return b ? [] : [root(leaves)] }
        let k = split(n)
        let start = leaves.startIndex
        if m <= k {
            return subproof(m, leaves[start..<(start + k)], b) + [root(leaves[(start + k)...])]
        } else {
            return subproof(m - k, leaves[(start + k)...], false) + [root(leaves[start..<(start + k)])]
        }
    }

    /// Test entries: "entry <i>" with a varying tail, some empty.
    static func entry(_ index: Int) -> [UInt8] {
        index % 97 == 13 ? [] : Array("entry \(index)".utf8) + Array(repeating: UInt8(index & 0xff), count: index % 7)
    }
}
