import GridLedger

/// The answer to the proof endpoints: the proof's hashes, base64, in RFC 6962 order.
struct LedgerProof: Encodable {
    let hashes: [String]

    init(hashes: [MerkleHash]) {
        self.hashes = hashes.map(\.base64)
    }
}
