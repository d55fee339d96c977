import Foundation
public import GridLedger

/// The ledger's public endpoints (no key needed), and the source an auditor reads the log from.
extension GridClient: LedgerSource {
    /// The note verifier key, `name+keyhash+base64key`.
    public func verifierKey() async throws -> String {
        String(decoding: try await raw(.GET, "v1/ledger/key"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The signed checkpoint of the log as it is now.
    public func checkpoint() async throws -> String {
        String(decoding: try await raw(.GET, "v1/ledger/checkpoint"), as: UTF8.self)
    }

    /// A hash tile's or an entry bundle's bytes.
    public func tile(_ tile: Tile) async throws -> [UInt8] {
        Array(try await raw(.GET, "v1/ledger/" + tile.path))
    }

    /// The hashes of the proof that the log of `oldSize` rows is a prefix of the one of `newSize`.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) async throws -> [MerkleHash] {
        try await proofHashes("v1/ledger/proof/consistency?from=\(oldSize)&to=\(newSize)")
    }

    /// The hashes of the proof that row `index` is in the log of `size` rows.
    public func inclusionProof(index: UInt64, size: UInt64) async throws -> [MerkleHash] {
        try await proofHashes("v1/ledger/proof/inclusion?index=\(index)&size=\(size)")
    }

    /// The public columns of rows `from` up to (not including) `to`, at most 1,000.
    public func ledgerRows(from: UInt64? = nil, to: UInt64? = nil) async throws -> LedgerRows {
        let query = [from.map { "from=\($0)" }, to.map { "to=\($0)" }].compactMap { $0 }.joined(separator: "&")
        return try await call(.GET, "v1/ledger/rows" + (query.isEmpty ? "" : "?" + query))
    }

    /// The settlement blocks from number `from` on, at most 100.
    public func settlementBlockPage(from: UInt64 = 0) async throws -> SettlementBlocks {
        try await call(.GET, "v1/ledger/settlements?from=\(from)")
    }

    /// The canonical text of the settlement blocks from number `sequence` on (a page).
    public func settlementBlocks(from sequence: UInt64) async throws -> [[UInt8]] {
        try await settlementBlockPage(from: sequence).blocks.map { Array($0.block.utf8) }
    }

    private struct Proof: Decodable {
        let hashes: [String]
    }

    private func proofHashes(_ path: String) async throws -> [MerkleHash] {
        let proof: Proof = try await call(.GET, path)
        do {
            return try proof.hashes.map { try MerkleHash(base64: $0) }
        } catch {
            throw GridClientError("the coordinator's answer to GET /\(path) holds a hash that is not 32 bytes of base64: \(error)")
        }
    }
}
