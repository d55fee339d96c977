import GridCore

/// Checks a log from its public data alone, as `idlegrid ledger verify` does: the checkpoint's
/// signature, every row's canonical encoding and place, the root rebuilt from the rows, the
/// balances replayed from zero (no row spends what is not there), and, given the checkpoint of an
/// earlier audit, that the log only grew since.
///
/// A row changed after it was logged is named: its entry no longer hashes to the leaf the log's
/// level-0 hash tiles hold for it.
public struct LedgerAuditor: Sendable {
    private let source: any LedgerSource
    private let trustedKey: String?

    /// An auditor of `source`; with `trustedKey`, a log signed by another key is refused.
    public init(source: any LedgerSource, trustedKey: String? = nil) {
        self.source = source
        self.trustedKey = trustedKey
    }

    /// Audits the log; `previous` is the signed note of an earlier audit's checkpoint.
    public func audit(since previous: String? = nil) async throws(LedgerAuditError) -> LedgerAudit {
        let key = try await read("the verifier key") { try await source.verifierKey() }
        if let trustedKey, trustedKey != key { throw .keyChanged(trusted: trustedKey, presented: key) }
        let verifier: NoteVerifier
        do {
            verifier = try NoteVerifier(verifierKey: key)
        } catch {
            throw .unreadable("the verifier key", error)
        }
        let note = try await read("the checkpoint") { try await source.checkpoint() }
        let checkpoint = try open(note, verifier)
        let earlier = try previous.map { note throws(LedgerAuditError) in try open(note, verifier) }

        let blocks = try await settlementBlocks(verifier: verifier, origin: checkpoint.origin, size: checkpoint.size)
        var tree = MerkleTree<InMemoryMerkleHashStorage>()
        var replay = LedgerReplay(minimums: Dictionary(blocks.map { ($0.block.rows.upperBound, $0.block.minimumPayout) }) { first, _ in first })
        // Two stages on two cores: while one run of bundles is replayed in order, the next is
        // fetched, decoded and hashed. Errors still surface in row order: a run's are thrown
        // only after every row before it was applied.
        let bundles = Array(Tile.entryBundles(treeSize: checkpoint.size))
        let runs = stride(from: 0, to: bundles.count, by: Self.bundlesPerRun).map { bundles[$0..<min($0 + Self.bundlesPerRun, bundles.count)] }
        if let first = runs.first {
            var decoded = await decode(first)
            for position in runs.indices {
                async let following = position + 1 < runs.count ? decode(runs[position + 1]) : .success(DecodedRows())
                do {
                    try Self.apply(decoded.get(), to: &tree, replay: &replay)
                } catch {
                    // A row changed before a settlement fails that settlement's root first:
                    // name the changed row, not the settlement.
                    if error == .badSettlement(0, ""), let changed = try await firstChangedRow(in: tree, size: checkpoint.size) {
                        throw changed
                    }
                    throw error
                }
                decoded = await following
            }
        }
        guard tree.root == checkpoint.rootHash else {
            throw try await firstChangedRow(in: tree, size: checkpoint.size) ?? .rootMismatch(size: checkpoint.size)
        }
        try replay.finish(at: tree.size)
        try Self.check(blocks, against: replay.groups, tree: tree)
        if let earlier {
            try await checkExtends(earlier, checkpoint, tree: tree)
        }
        return LedgerAudit(
            checkpoint: checkpoint, note: note, previous: earlier, minted: replay.minted, burned: replay.burned,
            balances: replay.balances, settlements: blocks.map(\.block))
    }

    /// Entry bundles decoded together, while the run before them is replayed.
    private static let bundlesPerRun = 16

    /// Rows decoded from a run of entry bundles with their leaf hashes, up to the first entry
    /// that is not a valid row in its place (``failure``).
    private struct DecodedRows: Sendable {
        var rows: [(row: LedgerRow, leaf: MerkleHash)] = []
        var failure: LedgerAuditError?
    }

    /// Fetches and decodes `bundles`: a bundle that cannot be read is a failure, a row that
    /// does not decode ends the run with its failure.
    private func decode(_ bundles: ArraySlice<Tile>) async -> Result<DecodedRows, LedgerAuditError> {
        do {
            return .success(try await decodeRows(bundles))
        } catch {
            return .failure(error)
        }
    }

    private func decodeRows(_ bundles: ArraySlice<Tile>) async throws(LedgerAuditError) -> DecodedRows {
        var decoded = DecodedRows()
        decoded.rows.reserveCapacity(bundles.count * Tile.fullWidth)
        for bundle in bundles {
            let data = try await read("entry bundle \(bundle.path)") { try await source.tile(bundle) }
            let entries: [[UInt8]]
            do {
                entries = try EntryBundle(decoding: data, width: bundle.width).entries
            } catch {
                throw .unreadable("entry bundle \(bundle.path)", error)
            }
            var index = bundle.index * UInt64(Tile.fullWidth)
            for entry in entries {
                do {
                    let row = try LedgerRow(decoding: entry)
                    guard row.index == index else {
                        decoded.failure = .badRow(index, "it says it is row \(row.index)")
                        return decoded
                    }
                    decoded.rows.append((row, MerkleHash.leaf(entry)))
                } catch {
                    decoded.failure = .badRow(index, error.message)
                    return decoded
                }
                index += 1
            }
        }
        return decoded
    }

    /// Adds decoded rows to the tree and the replay, in order, checking each posting's root.
    private static func apply(
        _ decoded: DecodedRows, to tree: inout MerkleTree<InMemoryMerkleHashStorage>, replay: inout LedgerReplay
    ) throws(LedgerAuditError) {
        for (row, leaf) in decoded.rows {
            let index = tree.size
            if case .posting(let posting) = row.event, posting.rows.upperBound <= index,
               (try? tree.root(size: posting.rows.upperBound)) != posting.root {
                throw .badSettlement(index, "its root is not the log's root at \(posting.rows.upperBound) rows")
            }
            try replay.apply(row)
            // In order by construction, so the append cannot fail.
            _ = try? tree.append(leafHash: leaf)
        }
        if let failure = decoded.failure { throw failure }
    }

    /// The settlement blocks of the log, each linked to the one before and its checkpoint
    /// verified; blocks past the checkpoint's rows are left for a later audit.
    private func settlementBlocks(verifier: NoteVerifier, origin: String, size: UInt64) async throws(LedgerAuditError) -> [(block: SettlementBlock, checkpoint: Checkpoint)] {
        let blocks = try await SettlementChain.read(from: source, verifier: verifier).prefix { $0.block.postingRows.upperBound <= size }
        for (block, signed) in blocks where signed.origin != origin {
            throw .badBlock(sequence: block.sequence, SettlementBlockError.badCheckpoint(sequence: block.sequence, "it is of log '\(signed.origin)', not '\(origin)'").message)
        }
        return Array(blocks)
    }

    /// Each block must be one run of posting rows in the log, settling the rows the replay
    /// found, with the checkpoint of their end.
    private static func check(
        _ blocks: [(block: SettlementBlock, checkpoint: Checkpoint)], against groups: [LedgerReplay.PostingGroup],
        tree: MerkleTree<InMemoryMerkleHashStorage>
    ) throws(LedgerAuditError) {
        for (offset, group) in groups.enumerated() where offset >= blocks.count {
            throw .badSettlement(group.rows.lowerBound, "its postings (rows \(group.rows)) are in no settlement block")
        }
        for ((block, checkpoint), group) in zip(blocks, groups) {
            let fault = { (detail: String) in
                LedgerAuditError.badSettlement(group.rows.lowerBound, SettlementBlockError.postingsDoNotMatch(sequence: block.sequence, detail).message)
            }
            guard block.rows == group.settled, block.postingRows == group.rows else {
                throw fault("it settles rows \(block.rows) with postings at \(block.postingRows), but the log's postings at \(group.rows) settle \(group.settled)")
            }
            for (offset, leaf) in block.postings.enumerated() where (try? tree.leafHash(index: group.rows.lowerBound + UInt64(offset))) != leaf {
                throw fault("posting row \(group.rows.lowerBound + UInt64(offset)) is not the row the block names")
            }
            guard (try? tree.root(size: block.rows.upperBound)) == checkpoint.rootHash else {
                throw fault("its checkpoint's root is not the log's root at \(block.rows.upperBound) rows")
            }
        }
        if blocks.count > groups.count {
            throw .badSettlement(blocks[groups.count].block.rows.upperBound, "settlement block \(groups.count) has no postings in the log")
        }
    }

    /// The first row whose leaf hash differs from the log's level-0 hash tiles.
    private func firstChangedRow(in tree: MerkleTree<InMemoryMerkleHashStorage>, size: UInt64) async throws(LedgerAuditError) -> LedgerAuditError? {
        for tile in Tile.hashTiles(treeSize: size) where tile.treeLevel == 0 {
            let data = try await read("hash tile \(tile.path)") { try await source.tile(tile) }
            let theirs: [MerkleHash]
            do {
                theirs = try tile.hashes(from: data)
            } catch {
                throw .unreadable("hash tile \(tile.path)", error)
            }
            for (offset, hash) in theirs.enumerated() {
                let index = tile.index * UInt64(Tile.fullWidth) + UInt64(offset)
                // The tree may hold only the rows replayed so far.
                guard index < tree.size else { return nil }
                if (try? tree.leafHash(index: index)) != hash { return .rowsDoNotMatchTiles(firstBadRow: index) }
            }
        }
        return nil
    }

    private func checkExtends(_ earlier: Checkpoint, _ checkpoint: Checkpoint, tree: MerkleTree<InMemoryMerkleHashStorage>) async throws(LedgerAuditError) {
        guard earlier.size <= checkpoint.size else { throw .shrank(from: earlier.size, to: checkpoint.size) }
        // Rebuilt from the rows themselves: the old root must be the root of their first rows.
        guard (try? tree.root(size: earlier.size)) == earlier.rootHash else {
            throw .inconsistent(from: earlier.size, to: checkpoint.size, "its first \(earlier.size) rows rebuild another root")
        }
        guard earlier.size > 0, earlier.size < checkpoint.size else { return }
        let hashes = try await read("the consistency proof") { try await source.consistencyProof(from: earlier.size, to: checkpoint.size) }
        do {
            try ConsistencyProof(oldSize: earlier.size, newSize: checkpoint.size, hashes: hashes)
                .verify(oldRoot: earlier.rootHash, newRoot: checkpoint.rootHash)
        } catch {
            throw .inconsistent(from: earlier.size, to: checkpoint.size, error.message)
        }
    }

    private func open(_ note: String, _ verifier: NoteVerifier) throws(LedgerAuditError) -> Checkpoint {
        do {
            return try Checkpoint.open(note: note, verifiers: [verifier])
        } catch {
            throw .badCheckpoint(error)
        }
    }

    private func read<Value>(_ what: String, _ fetch: () async throws -> Value) async throws(LedgerAuditError) -> Value {
        do {
            return try await fetch()
        } catch {
            throw .unreadable(what, error)
        }
    }
}
