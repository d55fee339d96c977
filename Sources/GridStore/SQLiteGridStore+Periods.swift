import Foundation
import GridCore
public import GridLedger
import SQLKit
import SQLiteKit

/// Settlement periods (CPUcoin's rollup): closing a period posts, in one transaction, each
/// payer's charges since the last settlement and each beneficiary's pending balance (when it is
/// at least the minimum payout), and stores the block that chains them.
extension SQLiteGridStore {
    public func settlePeriod(_ settlement: PeriodSettlement) async throws -> SettledPeriod {
        let milliseconds = try StoredValue.milliseconds(settlement.at, field: "at")
        let (connection, signer) = (self.connection, self.ledgerSigner.withLock { $0 })
        return try await transaction { database in
            let last = try await Self.settlementBlocks(on: database, from: nil, limit: 1).first
            if let closed = try await Self.lastClosedPeriod(on: database), closed >= settlement.period {
                let same = last?.period == settlement.period
                    ? last : try await Self.settlementBlock(period: settlement.period, on: database)
                return SettledPeriod(block: same, ledger: [])
            }
            try await database.raw("""
                INSERT INTO settlement_closed (id, period) VALUES (1, \(bind: Int64(clamping: settlement.period))) \
                ON CONFLICT (id) DO UPDATE SET period = excluded.period
                """).run()
            let from = last?.postingRows.upperBound ?? 0
            let to = try await Self.ledgerSize(on: database)
            guard from <= to else {
                throw StoreError.corruptRow(
                    table: "ledger_rows", column: "idx",
                    detail: "settlement block \(last?.sequence ?? 0) names posting rows up to \(from), but the ledger has only \(to) rows: rows were deleted")
            }
            let root = try await Self.root(at: to, on: database)
            let postings = try await Self.postings(for: settlement, rows: from..<to, root: root, on: database)
            guard !postings.isEmpty else { return SettledPeriod(block: nil, ledger: []) }

            let records = try await Self.appendLedger(
                postings.map { PendingEvent(milliseconds: milliseconds, event: .posting($0), private: nil) },
                on: database, connection: connection, signer: signer)
            try await Self.markSettled(postings, postingsEnd: to + UInt64(postings.count), connection: connection)
            let note: String
            do {
                note = try Checkpoint(origin: settlement.signer.name, size: to, rootHash: root).signed(by: [settlement.signer]).encoded
            } catch {
                throw StoreError.invalidRecord("the settlement's checkpoint cannot be signed: \(error)")
            }
            let block: SettlementBlock
            do {
                block = try SettlementBlock(
                    sequence: last.map { $0.sequence + 1 } ?? 0, period: settlement.period, periodSeconds: settlement.periodSeconds,
                    previous: last?.hash, rows: from..<to, minimumPayout: settlement.minimumPayout,
                    postings: records.map(\.leafHash), checkpoint: note)
            } catch let error as SettlementBlockError {
                throw StoreError.invalidRecord("settlement block: \(error.message)")
            }
            try await database.insert(into: "settlement_blocks").columns("sequence", "period", "hash", "block")
                .values(SQLBind(Int64(block.sequence)), SQLBind(Int64(block.period)), SQLBind(Data(block.hash.bytes)),
                        SQLBind(Data(block.encoded())))
                .run()
            return SettledPeriod(block: block, ledger: records)
        }
    }

    public func lastClosedPeriod() async throws -> UInt64? {
        try await read { database in try await Self.lastClosedPeriod(on: database) }
    }

    private static func lastClosedPeriod(on database: any SQLDatabase) async throws -> UInt64? {
        try await database.select().column("period").from("settlement_closed").where("id", .equal, 1).first()
            .map { row in try StoredRow(row: row, table: "settlement_closed").uint64("period") }
    }

    public func settlementBlocks(from sequence: UInt64, limit: Int) async throws -> [SettlementBlock] {
        try await read { database in try await Self.settlementBlocks(on: database, from: sequence, limit: limit) }
    }

    public func latestSettlementBlock() async throws -> SettlementBlock? {
        try await read { database in try await Self.settlementBlocks(on: database, from: nil, limit: 1).first }
    }

    /// Blocks from `sequence` on, oldest first; with no `sequence`, the newest `limit`, newest first.
    private static func settlementBlocks(on database: any SQLDatabase, from sequence: UInt64?, limit: Int) async throws -> [SettlementBlock] {
        var query = database.select().columns("sequence", "block").from("settlement_blocks")
        if let sequence {
            query = query.where("sequence", .greaterThanOrEqual, Int64(clamping: sequence)).orderBy("sequence")
        } else {
            query = query.orderBy("sequence", .descending)
        }
        return try await query.limit(limit).all().map(settlementBlock)
    }

    private static func settlementBlock(period: UInt64, on database: any SQLDatabase) async throws -> SettlementBlock? {
        try await database.select().columns("sequence", "block").from("settlement_blocks")
            .where("period", .equal, Int64(clamping: period)).first().map(settlementBlock)
    }

    private static func settlementBlock(_ row: any SQLRow) throws -> SettlementBlock {
        let stored = StoredRow(row: row, table: "settlement_blocks")
        let sequence = try stored.uint64("sequence")
        do {
            let block = try SettlementBlock(decoding: try stored.bytes("block"))
            guard block.sequence == sequence else {
                throw StoreError.corruptRow(table: "settlement_blocks", column: "block", detail: "block \(sequence) says it is block \(block.sequence)")
            }
            return block
        } catch let error as SettlementBlockError {
            throw StoreError.corruptRow(table: "settlement_blocks", column: "block", detail: "block \(sequence): \(error.message)")
        }
    }

    /// The period's postings: payers first, then payees, each in account order.
    private static func postings(
        for settlement: PeriodSettlement, rows: Range<UInt64>, root: MerkleHash, on database: any SQLDatabase
    ) async throws -> [SettlementPosting] {
        var marks: [AccountID: SettlementMark] = [:]
        for row in try await database.select().columns("account_id", "open_charges", "paid_through").from("settlement_marks").all() {
            let (account, mark) = try settlementMark(row)
            marks[account] = mark
        }
        var owed: [(AccountID, Amount)] = []
        for row in try await database.select().columns("account_id", "pending").from("balances").where("pending", .notEqual, "0").all() {
            let stored = StoredRow(row: row, table: "balances")
            owed.append((try stored.identifier("account_id"), try stored.amount("pending")))
        }
        var postings: [SettlementPosting] = []
        do {
            for (payer, mark) in marks.sorted(by: { $0.key < $1.key }) where mark.openCharges.baseUnits > 0 {
                postings.append(try SettlementPosting(
                    side: .payer, account: payer, amount: mark.openCharges, period: settlement.period, rows: rows, root: root))
            }
            for (payee, pending) in owed.sorted(by: { $0.0 < $1.0 })
            where ((try? Pricing.payout(pending: pending, minimum: settlement.minimumPayout)) ?? .zero).baseUnits > 0 {
                let since = marks[payee]?.paidThrough ?? 0
                postings.append(try SettlementPosting(
                    side: .payee, account: payee, amount: pending, period: settlement.period, rows: since..<rows.upperBound, root: root))
            }
        } catch {
            throw StoreError.invalidRecord("a settlement posting: \(error.message)")
        }
        return postings
    }

    /// After the postings: payers have no open charges, payees' next payouts sum from the end of
    /// the postings.
    private static func markSettled(_ postings: [SettlementPosting], postingsEnd: UInt64, connection: SQLiteConnection) async throws {
        for posting in postings {
            switch posting.side {
            case .payer:
                _ = try await connection.query(
                    "UPDATE settlement_marks SET open_charges = '0' WHERE account_id = ?", [.text(posting.account.description)]) { _ in }
            case .payee:
                _ = try await connection.query("""
                    INSERT INTO settlement_marks (account_id, paid_through) VALUES (?, ?) \
                    ON CONFLICT (account_id) DO UPDATE SET paid_through = excluded.paid_through
                    """, [.text(posting.account.description), .integer(Int(postingsEnd))]) { _ in }
            }
        }
    }

    /// The log's root at `size` rows: the kept checkpoint's frontier when it signs those rows (a
    /// signing store keeps one with every append, so always under the coordinator), else folded
    /// from the stored leaf hashes after it, or from the first row.
    private static func root(at size: UInt64, on database: any SQLDatabase) async throws -> MerkleHash {
        var frontier = try await keptFrontier(on: database) ?? MerkleFrontier()
        if frontier.size > size { frontier = MerkleFrontier() }
        return try await Self.frontier(ofFirst: size, from: frontier, on: database).root
    }
}
