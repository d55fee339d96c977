/// Where an auditor reads a log from: the public endpoints of a coordinator (GridClient's
/// ``LedgerSource`` over HTTP), or anything else that serves the same bytes.
public protocol LedgerSource: Sendable {
    /// The note verifier key, `name+keyhash+base64key`.
    func verifierKey() async throws -> String
    /// The signed checkpoint of the log as it is now.
    func checkpoint() async throws -> String
    /// A hash tile's or an entry bundle's bytes.
    func tile(_ tile: Tile) async throws -> [UInt8]
    /// The hashes of the proof that the log of `oldSize` rows is a prefix of the one of `newSize`.
    func consistencyProof(from oldSize: UInt64, to newSize: UInt64) async throws -> [MerkleHash]
    /// The canonical text of the settlement blocks from number `sequence` on, in order: some of
    /// them (a page), none past the last.
    func settlementBlocks(from sequence: UInt64) async throws -> [[UInt8]]
}
