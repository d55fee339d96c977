public import GridCore
import SQLKit
import SQLiteKit
import Synchronization

extension SQLiteGridStore {
    static let replicaInsert = SQLiteInsert(
        table: "replica_results",
        columns: [
            "replica_id", "job_id", "idx", "worker_id", "provider", "termination", "succeeded", "output_hash",
            "fuel_used", "wall_us", "peak_memory", "stderr_hash", "signature", "signature_checked", "verdict", "recorded_at",
        ],
        suffix: "ON CONFLICT (replica_id) DO NOTHING", rowsPerStatement: 100)

    /// Job ends per `UPDATE`.
    private static let endsPerUpdate = 100

    /// Writes the batch in one transaction, its parts in order: jobs, results, replicas, given-up
    /// tasks, job ends, flags. Returns how many results were new. Any entry the store refuses rolls back all of it.
    ///
    /// A batch that is one statement (results alone, the usual case under load) runs without
    /// `BEGIN` and `COMMIT`: a statement is atomic on its own, and each is a trip to the database
    /// thread.
    ///
    /// Money moves in the same transaction: a billed job's escrow is held as it is stored
    /// (``StoreError/insufficientBalance(account:needed:available:)`` when its owner cannot
    /// cover it), each result's charges draw on its job's escrow, a job's end releases the rest,
    /// and every such event is appended to the ledger, whose new rows the commit returns.
    @discardableResult
    public func commit(_ batch: SettlementBatch) async throws -> SettlementCommit {
        guard !batch.isEmpty else { return SettlementCommit(newResults: 0, ledger: []) }
        let jobs = try batch.jobs.map { new throws(StoreError) in try Self.jobRows(new.job, tasks: new.tasks) }
        let jobStatements = Self.jobStatements(jobs)
        let resultStatements = Self.resultInsert.statements(try Self.resultRows(batch.results))
        let replicaStatements = Self.replicaInsert.statements(try Self.replicaRows(batch.replicas))
        let givenUp = try batch.givenUp.map { task throws(StoreError) in
            (task, try StoredValue.milliseconds(task.givenUpAt, field: "givenUpAt"))
        }
        let (ends, keptEnds) = try Self.endStatements(batch.jobEnds)
        let movesMoney = batch.jobs.contains { $0.job.billing != nil } || batch.results.contains { !$0.charges.isEmpty }
            || !batch.jobEnds.isEmpty
        let flags = try batch.flags.map { flag throws(StoreError) in
            (flag, try StoredValue.milliseconds(flag.flaggedAt, field: "flaggedAt"))
        }
        // The messages name what a violation means when the batch holds one entry, which is how
        // the settlement writer isolates an entry the store refuses.
        let lone = batch.count == 1
        let (connection, signer) = (self.connection, self.ledgerSigner.withLock { $0 })
        let write = { @Sendable (database: any SQLDatabase) async throws -> SettlementCommit in
            let inserted = RowCount()
            for statement in jobStatements {
                try await connection.query(statement.sql, statement.binds) { _ in }
            }
            for statement in resultStatements {
                try await connection.query(statement.sql, statement.binds) { _ in }
                try await connection.query(Self.insertedRows, []) { row in inserted.add(row.column("inserted")?.integer ?? 0) }
            }
            for statement in replicaStatements {
                try await connection.query(statement.sql, statement.binds) { _ in }
            }
            try await Self.insertGivenUp(givenUp, on: database)
            for end in ends {
                let updated = RowCount()
                try await connection.query(end.sql, end.binds) { _ in updated.add(1) }
                guard updated.value == end.jobs.count else {
                    throw StoreError.jobNotFound(end.jobs.first?.description ?? "")
                }
            }
            for (flag, milliseconds) in flags {
                try await Self.insertFlag(flag, milliseconds: milliseconds, on: database)
            }
            try await Self.insertPriceEpochs(batch.priceEpochs, on: database)
            guard movesMoney else { return SettlementCommit(newResults: inserted.value, ledger: []) }
            let (events, escrows) = try await Self.moneyEvents(of: batch, ends: keptEnds, on: database)
            let records = try await Self.appendLedger(events, on: database, connection: connection, signer: signer)
            try await Self.writeEscrows(escrows, connection: connection)
            return SettlementCommit(newResults: inserted.value, ledger: records)
        }
        let duplicate = lone ? jobs.first?.duplicate ?? "replica \(batch.replicas.first?.replica.description ?? "")" : nil
        let missing = lone ? jobs.first?.missing ?? (batch.givenUp.isEmpty ? Self.missingTask : Self.missingGivenUpTask) : nil
        if jobStatements.count + resultStatements.count + replicaStatements.count + givenUp.count + ends.count + flags.count + batch.priceEpochs.count == 1 && !movesMoney {
            return try await run(duplicate: duplicate, missing: missing, write)
        }
        return try await transaction(duplicate: duplicate, missing: missing, write)
    }

    /// Every replica result stored for the job, by task index, then in the order recorded: the
    /// accepted replicas from their tasks' result rows, every other one from `replica_results`.
    public func replicas(job: JobID) async throws -> [ReplicaRecord] {
        let others = try await read { database in
            try await database.select().columns(Self.replicaInsert.columns).from("replica_results")
                .where("job_id", .equal, job.description)
                .all()
                .map { row in
                    let stored = StoredRow(row: row, table: "replica_results")
                    return ReplicaRecord(
                        replica: try stored.identifier("replica_id"), job: try stored.identifier("job_id"),
                        index: try stored.int("idx"), worker: try stored.identifier("worker_id"),
                        provider: try stored.optionalIdentifier("provider"),
                        termination: try stored.string("termination"), succeeded: try stored.bool("succeeded"),
                        outputHash: try stored.hash("output_hash"), fuelUsed: try stored.uint64("fuel_used"),
                        wallMicroseconds: try stored.uint64("wall_us"), peakMemoryBytes: try stored.uint64("peak_memory"),
                        stderrHash: try stored.hash("stderr_hash"), signature: try stored.bytes("signature"),
                        signatureChecked: try stored.bool("signature_checked"), verdict: try stored.enumeration("verdict"),
                        recordedAt: try stored.date("recorded_at"))
                }
        }
        let accepted = try await results(job: job).map(\.evidence)
        return (accepted + others).sorted {
            ($0.index, $0.recordedAt, $0.replica.description) < ($1.index, $1.recordedAt, $1.replica.description)
        }
    }

    private static func replicaRows(_ replicas: [ReplicaRecord]) throws(StoreError) -> [[SQLiteData]] {
        try replicas.map { replica throws(StoreError) -> [SQLiteData] in
            [.text(replica.replica.description), .text(replica.job.description), .integer(replica.index),
             .text(replica.worker.description), .optionalText(replica.provider?.description),
             .text(replica.termination), .boolean(replica.succeeded), .text(replica.outputHash.hex),
             .integer(Int(StoredValue.bits(replica.fuelUsed))), .integer(Int(StoredValue.bits(replica.wallMicroseconds))),
             .integer(Int(StoredValue.bits(replica.peakMemoryBytes))), .text(replica.stderrHash.hex),
             .bytes(replica.signature), .boolean(replica.signatureChecked), .text(replica.verdict.rawValue),
             .integer(Int(try StoredValue.milliseconds(replica.recordedAt, field: "recordedAt")))]
        }
    }

    /// One `UPDATE … FROM (VALUES …)` per ``endsPerUpdate`` job ends, with the jobs it must
    /// find: a job that is not stored is ``StoreError/jobNotFound(_:)``. A job ending twice in
    /// one batch keeps its later end.
    private static func endStatements(
        _ ends: [JobEnd]
    ) throws(StoreError) -> (statements: [(sql: String, binds: [SQLiteData], jobs: [JobID])], kept: [JobEnd]) {
        var latest: [JobID: Int] = [:]
        for (position, end) in ends.enumerated() { latest[end.job] = position }
        let kept = ends.enumerated().filter { latest[$0.element.job] == $0.offset }.map(\.element)
        let statements = try stride(from: 0, to: kept.count, by: endsPerUpdate).map { start throws(StoreError) in
            let chunk = kept[start..<min(start + endsPerUpdate, kept.count)]
            var binds: [SQLiteData] = []
            for end in chunk {
                let finished = try end.finishedAt.map { date throws(StoreError) in
                    SQLiteData.integer(Int(try StoredValue.milliseconds(date, field: "finishedAt")))
                } ?? .null
                binds += [.text(end.job.description), .text(end.state.rawValue), finished]
            }
            let values = Array(repeating: "(?, ?, ?)", count: chunk.count).joined(separator: ", ")
            let sql = """
                UPDATE jobs SET state = ends.column2, finished_at = ends.column3 \
                FROM (VALUES \(values)) AS ends WHERE jobs.id = ends.column1 RETURNING jobs.id
                """
            return (sql, binds, chunk.map(\.job))
        }
        return (statements, kept)
    }
}

/// Rows a statement returned, counted on the database thread and read after it finished.
final class RowCount: Sendable {
    private let count = Mutex(0)

    func add(_ rows: Int) {
        count.withLock { $0 += rows }
    }

    var value: Int { count.withLock { $0 } }
}
