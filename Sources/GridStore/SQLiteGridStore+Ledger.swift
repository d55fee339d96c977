import Foundation
public import GridCore
public import GridLedger
import SQLKit
import SQLiteKit

/// The ledger: every money event is one immutable row, written in the transaction that moves the
/// money, with the balances it changes. Rows are only ever inserted; the schema's triggers refuse
/// an update or a delete.
extension SQLiteGridStore {
    static let ledgerInsert = SQLiteInsert(
        table: "ledger_rows", columns: ["idx", "at", "kind", "entry", "leaf_hash", "private"], suffix: "", rowsPerStatement: 500)
    static let partiesInsert = SQLiteInsert(table: "ledger_parties", columns: ["account_id", "idx"], suffix: "", rowsPerStatement: 1000)

    /// One money event to record: when, what, and its private columns.
    struct PendingEvent: Sendable {
        let milliseconds: Int64
        let event: LedgerEvent
        let `private`: LedgerPrivateColumns?
    }

    /// Applies the events to the balances they touch, in order, and appends them to the ledger:
    /// all within the caller's transaction. Returns the rows as written.
    ///
    /// - Throws: ``StoreError/insufficientBalance(account:needed:available:)`` when a hold takes
    ///   more than the account has available; ``StoreError/missingReference(_:)`` for an
    ///   account that is not stored; ``StoreError/invalidRecord(_:)`` for any other balance that
    ///   would go below zero or overflow.
    static func appendLedger(
        _ events: [PendingEvent], on database: any SQLDatabase, connection: SQLiteConnection, signer: NoteSigner?
    ) async throws -> [LedgerRecord] {
        guard !events.isEmpty else { return [] }
        let changes = events.map(\.event.balanceChanges)
        var accounts: [AccountID] = []
        var seen = Set<AccountID>()
        for change in changes.joined() where seen.insert(change.account).inserted { accounts.append(change.account) }
        var balances = try await balances(of: accounts, on: database)
        for (pending, eventChanges) in zip(events, changes) {
            for (account, change) in eventChanges {
                guard let balance = balances[account] else { throw StoreError.missingReference("account \(account) is not stored") }
                do {
                    balances[account] = try balance.applying(change)
                } catch {
                    if case .hold(let move) = pending.event, error.isInsufficient {
                        throw StoreError.insufficientBalance(account: account, needed: move.amount, available: balance.available)
                    }
                    throw StoreError.invalidRecord("\(pending.event.kind.rawValue) for account \(account): \(error.message)")
                }
            }
        }
        var next = try await ledgerSize(on: database)
        var records: [LedgerRecord] = []
        records.reserveCapacity(events.count)
        for pending in events {
            do {
                records.append(try LedgerRecord(index: next, milliseconds: pending.milliseconds, event: pending.event, private: pending.private))
            } catch {
                throw StoreError.invalidRecord("a ledger row: \(error.message)")
            }
            next += 1
        }
        var rows: [[SQLiteData]] = []
        var parties: [[SQLiteData]] = []
        rows.reserveCapacity(records.count)
        for record in records {
            let index = SQLiteData.integer(Int(record.row.index))
            rows.append([
                index, .integer(Int(record.row.milliseconds)), .text(record.row.event.kind.rawValue),
                .blob(ByteBuffer(bytes: record.entry)), .blob(ByteBuffer(bytes: record.leafHash.bytes)),
                record.private.map { .blob(ByteBuffer(bytes: $0.encoded())) } ?? .null,
            ])
            for account in record.row.event.accounts {
                parties.append([.text(account.description), index])
            }
        }
        for statement in ledgerInsert.statements(rows) + partiesInsert.statements(parties) {
            try await connection.query(statement.sql, statement.binds) { _ in }
        }
        try await writeBalances(accounts.map { ($0, balances[$0]!) }, connection: connection)
        try await addOpenCharges(of: events.map(\.event), on: database, connection: connection)
        if let signer {
            try await keepCheckpoint(of: records, signer: signer, on: database)
        }
        return records
    }

    /// Adds each payer's charges to what the next settlement posts for it.
    private static func addOpenCharges(of events: [LedgerEvent], on database: any SQLDatabase, connection: SQLiteConnection) async throws {
        var added: [AccountID: Amount] = [:]
        for case .charge(let charge) in events {
            added[charge.payer] = try (added[charge.payer] ?? .zero) + charge.total
        }
        guard !added.isEmpty else { return }
        let marks = try await settlementMarks(of: Array(added.keys), on: database)
        var binds: [SQLiteData] = []
        for (payer, amount) in added.sorted(by: { $0.key < $1.key }) {
            binds += [.text(payer.description), .text(try (marks[payer]?.openCharges ?? .zero).adding(amount).baseUnitsString)]
        }
        let values = Array(repeating: "(?, ?)", count: added.count).joined(separator: ", ")
        try await connection.query("""
            INSERT INTO settlement_marks (account_id, open_charges) VALUES \(values) \
            ON CONFLICT (account_id) DO UPDATE SET open_charges = excluded.open_charges
            """, binds) { _ in }
    }

    /// What the next settlement knows of an account.
    struct SettlementMark: Sendable {
        /// Its charges as a payer since the last settlement.
        var openCharges: Amount
        /// The row its next payout starts summing from.
        var paidThrough: UInt64
    }

    /// The marks of these accounts; an account without one has none stored.
    static func settlementMarks(of accounts: [AccountID], on database: any SQLDatabase) async throws -> [AccountID: SettlementMark] {
        var found: [AccountID: SettlementMark] = [:]
        for start in stride(from: 0, to: accounts.count, by: 500) {
            let chunk = accounts[start..<min(start + 500, accounts.count)].map(\.description)
            for row in try await database.select().columns("account_id", "open_charges", "paid_through").from("settlement_marks")
                .where("account_id", .in, chunk).all() {
                let (account, mark) = try settlementMark(row)
                found[account] = mark
            }
        }
        return found
    }

    /// A stored `settlement_marks` row.
    static func settlementMark(_ row: any SQLRow) throws -> (AccountID, SettlementMark) {
        let stored = StoredRow(row: row, table: "settlement_marks")
        return (try stored.identifier("account_id"),
                SettlementMark(openCharges: try stored.amount("open_charges"), paidThrough: try stored.uint64("paid_through")))
    }

    /// The balances of these accounts, by account; an account without one is left out.
    static func balances(of accounts: [AccountID], on database: any SQLDatabase) async throws -> [AccountID: AccountBalance] {
        var found: [AccountID: AccountBalance] = [:]
        for start in stride(from: 0, to: accounts.count, by: 500) {
            let chunk = accounts[start..<min(start + 500, accounts.count)].map(\.description)
            for row in try await database.select().columns("account_id", "available", "held", "pending", "staked").from("balances")
                .where("account_id", .in, chunk).all() {
                let stored = StoredRow(row: row, table: "balances")
                found[try stored.identifier("account_id")] = try balance(stored)
            }
        }
        return found
    }

    /// Writes these balances, 100 to an `UPDATE … FROM (VALUES …)`.
    private static func writeBalances(_ balances: [(AccountID, AccountBalance)], connection: SQLiteConnection) async throws {
        for start in stride(from: 0, to: balances.count, by: 100) {
            let chunk = balances[start..<min(start + 100, balances.count)]
            var binds: [SQLiteData] = []
            for (account, balance) in chunk {
                binds += [.text(account.description), .text(balance.available.baseUnitsString), .text(balance.held.baseUnitsString),
                          .text(balance.pending.baseUnitsString), .text(balance.staked.baseUnitsString)]
            }
            let values = Array(repeating: "(?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            try await connection.query("""
                UPDATE balances SET available = new.column2, held = new.column3, pending = new.column4, staked = new.column5 \
                FROM (VALUES \(values)) AS new WHERE balances.account_id = new.column1
                """, binds) { _ in }
        }
    }

    /// How many rows the ledger holds: the next row's index.
    static func ledgerSize(on database: any SQLDatabase) async throws -> UInt64 {
        let row = try await database.raw("SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM ledger_rows").first()
        return try row.map { try StoredRow(row: $0, table: "ledger_rows").uint64("size") } ?? 0
    }

    /// The frontier of the ledger's first `size` rows: `start` (a frontier of fewer rows) with
    /// the stored leaf hashes after it folded in.
    static func frontier(ofFirst size: UInt64, from start: MerkleFrontier = MerkleFrontier(), on database: any SQLDatabase) async throws -> MerkleFrontier {
        var frontier = start
        while frontier.size < size {
            let start = frontier.size
            let rows = try await database.select().columns("idx", "leaf_hash").from("ledger_rows")
                .where("idx", .greaterThanOrEqual, Int64(start)).where("idx", .lessThan, Int64(size))
                .orderBy("idx").limit(65_536).all()
            guard !rows.isEmpty else {
                throw StoreError.corruptRow(table: "ledger_rows", column: "idx", detail: "row \(start) is missing")
            }
            for (offset, row) in rows.enumerated() {
                let stored = StoredRow(row: row, table: "ledger_rows")
                guard try stored.uint64("idx") == start + UInt64(offset) else {
                    throw StoreError.corruptRow(table: "ledger_rows", column: "idx", detail: "row \(start + UInt64(offset)) is missing")
                }
                do {
                    frontier.append(leafHash: try MerkleHash(bytes: try stored.bytes("leaf_hash")))
                } catch let error as MerkleHashError {
                    throw StoreError.corruptRow(table: "ledger_rows", column: "leaf_hash", detail: "\(error)")
                }
            }
        }
        return frontier
    }

    /// How many rows the ledger holds.
    public func ledgerSize() async throws -> UInt64 {
        try await read { database in try await Self.ledgerSize(on: database) }
    }

    /// The rows with indexes in `range`, in order (at most what is stored).
    ///
    /// - Throws: ``StoreError/corruptRow(table:column:detail:)`` naming the first row whose stored
    ///   entry is not a valid row, or whose index is not its place.
    public func ledgerRecords(_ range: Range<UInt64>) async throws -> [LedgerRecord] {
        guard !range.isEmpty else { return [] }
        return try await read { database in
            try await database.select().columns("idx", "entry", "private").from("ledger_rows")
                .where("idx", .greaterThanOrEqual, Int64(range.lowerBound)).where("idx", .lessThan, Int64(clamping: range.upperBound))
                .orderBy("idx").all()
                .map(Self.ledgerRecord)
        }
    }

    /// The stored entries of the rows with indexes in `range`, exactly as stored (not decoded, so
    /// a row changed by hand reaches an auditor, who names it).
    ///
    /// - Throws: ``StoreError/corruptRow(table:column:detail:)`` naming a row that is missing.
    public func ledgerEntries(_ range: Range<UInt64>) async throws -> [[UInt8]] {
        guard !range.isEmpty else { return [] }
        return try await read { database in
            try (await database.select().columns("idx", "entry").from("ledger_rows")
                .where("idx", .greaterThanOrEqual, Int64(range.lowerBound)).where("idx", .lessThan, Int64(clamping: range.upperBound))
                .orderBy("idx").all() as [any SQLRow])
                .enumerated().map { offset, row in
                    let stored = StoredRow(row: row, table: "ledger_rows")
                    guard try stored.uint64("idx") == range.lowerBound + UInt64(offset) else {
                        throw StoreError.corruptRow(table: "ledger_rows", column: "idx", detail: "row \(range.lowerBound + UInt64(offset)) is missing")
                    }
                    return Array(try stored.bytes("entry"))
                }
        }
    }

    /// The leaf hashes of the rows from `start` on, in order, at most `limit`: what a restarted
    /// coordinator rebuilds its Merkle tree from. Each is the stored hash, not recomputed (the
    /// auditor's `ledger verify` recomputes them from the entries).
    public func ledgerLeafHashes(from start: UInt64, limit: Int) async throws -> [MerkleHash] {
        try await read { database in
            try (await database.select().columns("idx", "leaf_hash").from("ledger_rows")
                .where("idx", .greaterThanOrEqual, Int64(start)).orderBy("idx").limit(limit).all() as [any SQLRow])
                .enumerated().map { offset, row in
                    let stored = StoredRow(row: row, table: "ledger_rows")
                    guard try stored.uint64("idx") == start + UInt64(offset) else {
                        throw StoreError.corruptRow(table: "ledger_rows", column: "idx", detail: "row \(start + UInt64(offset)) is missing")
                    }
                    do {
                        return try MerkleHash(bytes: try stored.bytes("leaf_hash"))
                    } catch {
                        throw StoreError.corruptRow(table: "ledger_rows", column: "leaf_hash", detail: "\(error)")
                    }
                }
        }
    }

    /// The rows that concern `account`, newest first: at most `limit`, all before index `before`
    /// when it is given.
    public func ledgerRecords(of account: AccountID, before: UInt64?, limit: Int) async throws -> [LedgerRecord] {
        try await read { database in
            var query = database.select().column(SQLColumn("idx", table: "ledger_rows")).columns("entry", "private").from("ledger_parties")
                .join("ledger_rows", on: SQLColumn("idx", table: "ledger_rows"), .equal, SQLColumn("idx", table: "ledger_parties"))
                .where(SQLColumn("account_id", table: "ledger_parties"), .equal, SQLBind(account.description))
            if let before { query = query.where(SQLColumn("idx", table: "ledger_parties"), .lessThan, SQLBind(Int64(clamping: before))) }
            return try await query.orderBy(SQLOrderBy(expression: SQLColumn("idx", table: "ledger_parties"), direction: SQLDirection.descending)).limit(limit).all().map(Self.ledgerRecord)
        }
    }

    private static func ledgerRecord(_ row: any SQLRow) throws -> LedgerRecord {
        let stored = StoredRow(row: row, table: "ledger_rows")
        let index = try stored.uint64("idx")
        let columns: LedgerPrivateColumns?
        if try stored.isNull("private") {
            columns = nil
        } else {
            guard let decoded = LedgerPrivateColumns(decoding: try stored.bytes("private")) else {
                throw StoreError.corruptRow(table: "ledger_rows", column: "private", detail: "row \(index)'s private columns do not decode")
            }
            columns = decoded
        }
        let entry = Array(try stored.bytes("entry"))
        let record: LedgerRecord
        do {
            record = try LedgerRecord(entry: entry, private: columns)
        } catch {
            throw StoreError.corruptRow(table: "ledger_rows", column: "entry", detail: "row \(index): \(error.message)")
        }
        guard record.row.index == index else {
            throw StoreError.corruptRow(table: "ledger_rows", column: "entry", detail: "row \(index) says it is row \(record.row.index)")
        }
        guard record.row.privateHash == columns?.hash else {
            throw StoreError.corruptRow(table: "ledger_rows", column: "private", detail: "row \(index)'s private columns do not match its hash")
        }
        return record
    }
}
