package import GridLedger

/// The answer to the proof endpoints: the proof's hashes, base64, in RFC 6962 order.
package struct LedgerProof: Encodable {
    package let hashes: [String]

    package init(hashes: [MerkleHash]) {
        self.hashes = hashes.map(\.base64)
    }
}
