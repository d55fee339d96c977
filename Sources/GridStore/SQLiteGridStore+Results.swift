public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Results per `INSERT`: 15 columns × 100 rows = 1,500 bound values.
    static let resultRowsPerInsert = 100

    private static let resultColumns = [
        "job_id", "idx", "replica_id", "worker_id", "termination", "succeeded", "output", "stderr",
        "output_hash", "fuel_used", "wall_us", "peak_memory", "signature", "recorded_at", "output_blob_size",
    ]

    /// Stores the results in one transaction and returns how many were new.
    ///
    /// A result for a task that already has one (stored earlier, or earlier in `results`) is
    /// ignored: `INSERT … ON CONFLICT DO NOTHING RETURNING` on the `(job_id, idx)` key, counting
    /// the rows returned, which works alike on SQLite and PostgreSQL. A result naming a task that
    /// is not stored fails the whole batch with ``StoreError/missingReference(_:)``.
    @discardableResult
    public func recordResults(_ results: [ResultRecord]) async throws -> Int {
        let rows = try Self.resultRows(results)
        guard !rows.isEmpty else { return 0 }
        // One statement is atomic on its own: a batch that fits one INSERT skips BEGIN and COMMIT,
        // two of the three round trips to the database thread on a lone task's critical path.
        if rows.count <= Self.resultRowsPerInsert {
            return try await run(missing: Self.missingTask) { database in try await Self.insertResults(rows, on: database) }
        }
        return try await transaction(missing: Self.missingTask) { database in
            try await Self.insertResults(rows, on: database)
        }
    }

    static let missingTask = "a result names a task that is not stored"

    /// The rows of `results`, without in-batch repeats: how one statement treats two rows with
    /// the same key differs between databases.
    static func resultRows(_ results: [ResultRecord]) throws(StoreError) -> [[any SQLExpression]] {
        var seen = Set<ResultKey>()
        return try results.filter { seen.insert(ResultKey(job: $0.job, index: $0.index)).inserted }
            .map { result throws(StoreError) -> [any SQLExpression] in
                [SQLBind(result.job.description), SQLBind(Int64(result.index)),
                 SQLBind(result.replica.description), SQLBind(result.worker.description),
                 SQLBind(result.termination), SQLBind(result.succeeded), SQLBind(result.output),
                 SQLBind(result.stderr), SQLBind(result.outputHash.hex),
                 SQLBind(StoredValue.bits(result.fuelUsed)), SQLBind(StoredValue.bits(result.wallMicroseconds)),
                 SQLBind(StoredValue.bits(result.peakMemoryBytes)), SQLBind(result.signature),
                 SQLBind(try StoredValue.milliseconds(result.recordedAt, field: "recordedAt")),
                 result.outputBlobSize.map { SQLBind(Int64($0)) as any SQLExpression } ?? SQLLiteral.null]
            }
    }

    /// Inserts result rows, ignoring tasks that have one; returns how many were new. The caller
    /// holds the connection.
    static func insertResults(_ rows: [[any SQLExpression]], on database: any SQLDatabase) async throws -> Int {
        var inserted = 0
        for start in stride(from: 0, to: rows.count, by: resultRowsPerInsert) {
            inserted += try await database.insert(into: "results")
                .columns(resultColumns)
                .rows(Array(rows[start..<min(start + resultRowsPerInsert, rows.count)]))
                .ignoringConflicts(with: ["job_id", "idx"])
                .returning("idx")
                .all()
                .count
        }
        return inserted
    }

    /// The job's results in task-index order; empty for an unknown job.
    public func results(job: JobID) async throws -> [ResultRecord] {
        try await run { database in
            try await database.select().columns(Self.resultColumns).from("results")
                .where("job_id", .equal, job.description)
                .orderBy("idx")
                .all()
                .map { row in
                    let stored = StoredRow(row: row, table: "results")
                    return ResultRecord(
                        job: try stored.identifier("job_id"), index: try stored.int("idx"),
                        replica: try stored.identifier("replica_id"), worker: try stored.identifier("worker_id"),
                        termination: try stored.string("termination"), succeeded: try stored.bool("succeeded"),
                        output: try stored.bytes("output"), stderr: try stored.bytes("stderr"),
                        outputHash: try stored.hash("output_hash"), fuelUsed: try stored.uint64("fuel_used"),
                        wallMicroseconds: try stored.uint64("wall_us"),
                        peakMemoryBytes: try stored.uint64("peak_memory"),
                        signature: try stored.bytes("signature"), recordedAt: try stored.date("recorded_at"),
                        outputBlobSize: try stored.optionalInt("output_blob_size"))
                }
        }
    }

    /// Counted in SQL: a finished 20,000-task job is summed without reading 20,000 outputs.
    /// Fuel per result is at most 10^13 and a job has at most 10^5 tasks, so the sum fits Int64.
    public func resultTotals(job: JobID) async throws -> ResultTotals {
        try await run { database in
            let row = try await database.select()
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
                .column(SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLRaw("CASE WHEN succeeded THEN 1 ELSE 0 END")), SQLLiteral.numeric("0")), as: "succeeded")
                .column(SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLColumn("fuel_used")), SQLLiteral.numeric("0")), as: "fuel")
                .from("results")
                .where("job_id", .equal, job.description)
                .first()
            guard let row else { return ResultTotals(count: 0, succeeded: 0, fuelUsed: 0) }
            let stored = StoredRow(row: row, table: "results")
            return ResultTotals(
                count: try stored.int("count"), succeeded: try stored.int("succeeded"), fuelUsed: try stored.uint64("fuel"))
        }
    }
}

/// A task's key, for spotting repeats within one batch of results.
private struct ResultKey: Hashable {
    let job: JobID
    let index: Int
}
