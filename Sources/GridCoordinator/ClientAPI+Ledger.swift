import Foundation
import GridCore
import GridLedger
import GridStore
import Hummingbird
import NIOCore

/// The verifiable log, public and keyless, in the formats of the transparency-log ecosystem
/// (C2SP tlog-checkpoint in a signed note, tlog-tiles, RFC 6962 proofs), so that existing tools
/// audit Idlegrid's ledger without any code of ours:
///
/// - `GET /v1/ledger/key`: the note verifier key (`name+keyhash+base64key`), as text;
/// - `GET /v1/ledger/checkpoint`: the signed checkpoint of the log as it is now, as text;
/// - `GET /v1/ledger/tile/<L>/<N>[.p/<W>]`: hash tiles; `GET /v1/ledger/tile/entries/<N>[.p/<W>]`:
///   entry bundles (each entry a big-endian `uint16` length, then the row's encoding);
/// - `GET /v1/ledger/proof/inclusion?index=I&size=S`, `GET /v1/ledger/proof/consistency?from=M&to=N`:
///   `{"hashes": [base64, …]}` in RFC 6962 order;
/// - `GET /v1/ledger/rows?from=&to=`: the rows' public columns, decoded, for people;
/// - `GET /v1/ledger/settlements?from=`: the settlement blocks' hash chain, from a block on.
extension ClientAPI {
    /// The most rows `GET /v1/ledger/rows` returns at once.
    static let maxLedgerRows: UInt64 = 1000
    /// The most settlement blocks `GET /v1/ledger/settlements` returns at once.
    static let maxSettlementBlocks = 100

    func registerLedgerRoutes(on v1: RouterGroup<GridRequestContext>) {
        v1.get("ledger/key") { _, _ in text(ledger.verifierKey + "\n") }
        v1.get("ledger/checkpoint") { _, _ in
            var response = text(try ledger.checkpoint())
            response.headers[.cacheControl] = "no-cache"
            return response
        }
        v1.get("ledger/tile/**") { _, context in try await tile(context) }
        v1.get("ledger/proof/inclusion") { request, _ in
            let size = try ledgerParameter(request, "size")
            let index = try ledgerParameter(request, "index")
            let proof = try proofOrProblem { try ledger.inclusionProof(index: index, size: size) }
            return try json(LedgerProof(hashes: proof.hashes))
        }
        v1.get("ledger/proof/consistency") { request, _ in
            let from = try ledgerParameter(request, "from")
            let to = try ledgerParameter(request, "to")
            let proof = try proofOrProblem { try ledger.consistencyProof(from: from, to: to) }
            return try json(LedgerProof(hashes: proof.hashes))
        }
        v1.get("ledger/rows") { request, _ in try await rows(request) }
        v1.get("ledger/settlements") { request, _ in
            let from = try request.uri.queryParameters["from"].map { _ in try ledgerParameter(request, "from") } ?? 0
            let blocks = try await store.settlementBlocks(from: from, limit: Self.maxSettlementBlocks)
            return try json(SettlementBlocks(blocks: blocks.map(SettlementBlockView.init)))
        }
    }

    private func tile(_ context: GridRequestContext) async throws -> Response {
        let path = "tile/" + context.parameters.getCatchAll().joined(separator: "/")
        let tile: Tile
        do {
            tile = try Tile(path: path)
        } catch {
            throw Problem.notFound("\(path) is not a tile: \(error.message)")
        }
        let size = ledger.size
        guard let required = tile.requiredTreeSize else {
            throw Problem.notFound("\(path) would need a log of more than 2^64 rows; it has \(size)")
        }
        guard required <= size else {
            throw Problem.notFound("\(path) needs a log of \(required) rows; it has \(size)")
        }
        let data: [UInt8]
        switch tile.kind {
        case .entries:
            let start = tile.index * UInt64(Tile.fullWidth)
            let entries: [[UInt8]]
            do {
                entries = try await store.ledgerEntries(start..<(start + UInt64(tile.width)))
            } catch let error as StoreError where !error.isTransient {
                // The ledger is public, and so is what is wrong with it: an auditor must hear it.
                throw Problem.internalError("the ledger cannot serve \(path): \(error.message)")
            }
            guard entries.count == tile.width else {
                throw Problem.internalError("the store holds \(entries.count) of the \(tile.width) rows of \(path)")
            }
            data = try EntryBundle(entries: entries).data
        case .hashes:
            data = try ledger.tileData(tile)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        // A tile never changes once the log has it (a partial tile is its own path).
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func rows(_ request: Request) async throws -> Response {
        let size = ledger.size
        let from = try request.uri.queryParameters["from"].map { _ in try ledgerParameter(request, "from") } ?? 0
        let asked = try request.uri.queryParameters["to"].map { _ in try ledgerParameter(request, "to") }
        guard from <= (asked ?? size), from <= size else {
            throw Problem.notFound("the log has \(size) rows: there are none from \(from)\(asked.map { " to \($0)" } ?? "")", field: "from")
        }
        if let asked, asked > size {
            throw Problem.notFound("the log has \(size) rows; to (\(asked)) is past its end", field: "to")
        }
        // A longer range answers its first rows; the answer's size says how far the log goes.
        let to = min(asked ?? size, from + Self.maxLedgerRows)
        let records = try await store.ledgerRecords(from..<to)
        return try json(LedgerRows(size: size, rows: records.map { LedgerRowView($0.row) }))
    }

    private func ledgerParameter(_ request: Request, _ name: String) throws -> UInt64 {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else {
            throw Problem.badRequest("\(name) is required", field: name)
        }
        guard let value = UInt64(text), String(value) == text, value <= UInt64(Int64.max) else {
            throw Problem.badRequest("\(name) must be a decimal integer from 0 to \(Int64.max), not '\(text)'", field: name)
        }
        return value
    }

    private func proofOrProblem<Proof>(_ make: () throws -> Proof) throws -> Proof {
        do {
            return try make()
        } catch let error as MerkleTreeError {
            // Sizes past the log, or in the wrong order: no such proof exists (yet).
            throw Problem.notFound("\(error.message) (the log has \(ledger.size) rows)")
        }
    }
}

/// A text response (`text/plain; charset=utf-8`).
func text(_ body: String) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/plain; charset=utf-8"
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
}
