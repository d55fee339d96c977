/// Why an inclusion or consistency proof did not verify.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct MerkleProofError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case leafOutOfRange
        case sizesOutOfOrder
        case consistencyFromEmptyTree
        case wrongProofLength
        case rootMismatch
    }

    private let code: Code
    /// What was wrong, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The leaf index is not below the tree size.
    public static func leafOutOfRange(index: UInt64, size: UInt64) -> Self {
        .init(code: .leafOutOfRange, message: "leaf \(index) cannot be in a tree of size \(size): the index must be below the size")
    }

    /// The old size of a consistency proof is above the new size.
    public static func sizesOutOfOrder(oldSize: UInt64, newSize: UInt64) -> Self {
        .init(code: .sizesOutOfOrder, message: "a consistency proof goes from a smaller tree to a larger one, not from size \(oldSize) to \(newSize)")
    }

    /// A consistency proof from the empty tree, which would prove nothing.
    public static func consistencyFromEmptyTree(newSize: UInt64) -> Self {
        .init(code: .consistencyFromEmptyTree, message: "a consistency proof from size 0 to \(newSize) proves nothing: every tree extends the empty one; check the new tree's root instead")
    }

    /// The proof has more or fewer hashes than its sizes call for.
    public static func wrongProofLength(_ count: Int, forProof proof: String) -> Self {
        .init(code: .wrongProofLength, message: "a proof of \(count) hashes is the wrong length for \(proof)")
    }

    /// The proof rebuilt a different root than the trusted one.
    public static func rootMismatch(which: String, expected: MerkleHash, computed: MerkleHash) -> Self {
        .init(code: .rootMismatch, message: "the proof gives \(which) root \(computed.base64), not the expected \(expected.base64): the proof, the leaf or the root is wrong")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
