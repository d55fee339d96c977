import Foundation
import GridCore
import GridLedger
import SQLKit
import SQLiteKit

/// Escrow, within a settlement batch's transaction: a billed job holds its maximum cost as it is
/// stored; each accepted result's charges draw on that hold, never past it; a job's end releases
/// what the hold has left, once.
extension SQLiteGridStore {
    /// One billed job's escrow as the batch leaves it.
    struct Escrow: Sendable {
        let owner: AccountID
        /// The job's module as hex, as each charge's private columns name it.
        let module: String
        let held: Amount
        var charged: Amount
        var released: Bool
        /// Whether the batch changed it (and its row needs writing).
        var changed = false
    }

    /// The money events of a batch, in order (holds, then charges, then releases), and the escrow
    /// of every job they change.
    ///
    /// - Throws: ``StoreError/invalidRecord(_:)`` for a charge on a job that is not billed, whose
    ///   escrow was released, or that would pass what its escrow holds.
    static func moneyEvents(
        of batch: SettlementBatch, ends: [JobEnd], on database: any SQLDatabase
    ) async throws -> (events: [PendingEvent], escrows: [JobID: Escrow]) {
        var escrows: [JobID: Escrow] = [:]
        var events: [PendingEvent] = []
        for new in batch.jobs {
            guard let billing = new.job.billing else { continue }
            escrows[new.job.id] = Escrow(owner: new.job.owner, module: new.job.module.hex, held: billing.escrow, charged: .zero, released: false)
            guard billing.escrow.baseUnits > 0 else { continue }
            let move = try escrowMove(account: new.job.owner, job: new.job.id, amount: billing.escrow)
            events.append(PendingEvent(
                milliseconds: try StoredValue.milliseconds(new.job.createdAt, field: "createdAt"), event: .hold(move),
                private: LedgerPrivateColumns([("module", new.job.module.hex), ("tasks", String(new.job.taskCount)),
                                               ("replicas", String(new.job.replicas)), ("fuel-limit", String(new.job.limits.fuel)),
                                               ("price-cap", String(billing.priceCap.baseUnitsPerExafuel))])))
        }
        let charged = batch.results.filter { !$0.charges.isEmpty }
        let stored = Set(charged.map(\.job) + ends.map(\.job)).subtracting(escrows.keys)
        for (job, escrow) in try await storedEscrows(of: Array(stored), on: database) { escrows[job] = escrow }

        for result in charged {
            guard var escrow = escrows[result.job] else {
                throw StoreError.invalidRecord("result of task \(result.index) carries charges but job \(result.job) is not billed")
            }
            let milliseconds = try StoredValue.milliseconds(result.recordedAt, field: "recordedAt")
            for charge in result.charges {
                guard charge.job == result.job, charge.task == result.index, charge.payer == escrow.owner else {
                    throw StoreError.invalidRecord("replica \(charge.replica)'s charge names job \(charge.job) task \(charge.task) paid by \(charge.payer), not the result's")
                }
                guard !escrow.released else {
                    throw StoreError.invalidRecord("job \(result.job) ended and its escrow was released before replica \(charge.replica) was charged")
                }
                guard let total = try? escrow.charged + charge.total, total <= escrow.held else {
                    throw StoreError.invalidRecord(
                        "replica \(charge.replica)'s charge of \(charge.total.baseUnitsString) base units passes what job \(result.job)'s escrow holds (\(escrow.held.baseUnitsString) held, \(escrow.charged.baseUnitsString) charged)")
                }
                escrow.charged = total
                escrow.changed = true
                events.append(PendingEvent(
                    milliseconds: milliseconds, event: .charge(charge),
                    private: LedgerPrivateColumns([("module", escrow.module), ("output", result.outputHash.hex)])))
            }
            escrows[result.job] = escrow
        }

        for end in ends where end.state.isTerminal {
            guard var escrow = escrows[end.job], !escrow.released else { continue }
            escrow.released = true
            escrow.changed = true
            let rest = try escrow.held - escrow.charged
            if rest.baseUnits > 0 {
                let move = try escrowMove(account: escrow.owner, job: end.job, amount: rest)
                let at = try end.finishedAt.map { date throws(StoreError) in try StoredValue.milliseconds(date, field: "finishedAt") }
                events.append(PendingEvent(
                    milliseconds: at ?? events.last?.milliseconds ?? 0, event: .release(move),
                    private: LedgerPrivateColumns([("state", end.state.rawValue), ("charged", escrow.charged.baseUnitsString)])))
            }
            escrows[end.job] = escrow
        }
        return (events, escrows)
    }

    /// Writes the charged total and the released flag of every escrow the batch changed.
    static func writeEscrows(_ escrows: [JobID: Escrow], connection: SQLiteConnection) async throws {
        let changed = escrows.filter(\.value.changed).sorted { $0.key < $1.key }
        for start in stride(from: 0, to: changed.count, by: 100) {
            let chunk = changed[start..<min(start + 100, changed.count)]
            var binds: [SQLiteData] = []
            for (job, escrow) in chunk {
                binds += [.text(job.description), .text(escrow.charged.baseUnitsString), .boolean(escrow.released)]
            }
            let values = Array(repeating: "(?, ?, ?)", count: chunk.count).joined(separator: ", ")
            try await connection.query("""
                UPDATE jobs SET charged = new.column2, released = new.column3 \
                FROM (VALUES \(values)) AS new WHERE jobs.id = new.column1
                """, binds) { _ in }
        }
    }

    private static func storedEscrows(of jobs: [JobID], on database: any SQLDatabase) async throws -> [JobID: Escrow] {
        var found: [JobID: Escrow] = [:]
        for start in stride(from: 0, to: jobs.count, by: 500) {
            let chunk = jobs[start..<min(start + 500, jobs.count)].map(\.description)
            for row in try await database.select().columns("id", "owner", "module", "held", "charged", "released").from("jobs")
                .where("id", .in, chunk).where(SQLColumn("price_cap"), .isNot, SQLLiteral.null).all() {
                let stored = StoredRow(row: row, table: "jobs")
                found[try stored.identifier("id")] = Escrow(
                    owner: try stored.identifier("owner"), module: try stored.hash("module").hex, held: try stored.amount("held"),
                    charged: try stored.amount("charged"), released: try stored.bool("released"))
            }
        }
        return found
    }

    private static func escrowMove(account: AccountID, job: JobID, amount: Amount) throws(StoreError) -> EscrowMove {
        do {
            return try EscrowMove(account: account, job: job, amount: amount)
        } catch {
            throw .invalidRecord("job \(job)'s escrow: \(error.message)")
        }
    }
}
