public import GridCore
import SQLKit
import SQLiteKit

extension SQLiteGridStore {
    private static let resultColumns = [
        "job_id", "idx", "replica_id", "worker_id", "termination", "succeeded", "output", "stderr",
        "output_hash", "fuel_used", "wall_us", "peak_memory", "signature", "recorded_at", "provider", "signature_checked",
        "output_blob_size",
    ]
    /// 17 columns × 100 rows = 1,700 bound values. Each statement is followed by ``insertedRows``
    /// rather than `RETURNING`: SQLiteNIO hands each returned row to an event loop on its own.
    static let resultInsert = SQLiteInsert(
        table: "results", columns: resultColumns, suffix: "ON CONFLICT (job_id, idx) DO NOTHING", rowsPerStatement: 100)
    /// How many rows the statement before it inserted (a conflict skipped is not counted).
    static let insertedRows = "SELECT changes() AS inserted"

    /// Stores the results in one transaction and returns how many were new.
    ///
    /// A result for a task that already has one (stored earlier, or earlier in `results`) is
    /// ignored. A result naming a task that is not stored fails the whole batch with
    /// ``StoreError/missingReference(_:)``.
    @discardableResult
    public func recordResults(_ results: [ResultRecord]) async throws -> Int {
        try await commit(SettlementBatch(results: results)).newResults
    }

    static let missingTask = "a result names a task that is not stored"

    /// The rows of `results`, without in-batch repeats: how one statement treats two rows with
    /// the same key differs between databases.
    static func resultRows(_ results: [ResultRecord]) throws(StoreError) -> [[SQLiteData]] {
        var seen = Set<ResultKey>()
        return try results.filter { seen.insert(ResultKey(job: $0.job, index: $0.index)).inserted }
            .map { result throws(StoreError) -> [SQLiteData] in
                [.text(result.job.description), .integer(result.index),
                 .text(result.replica.description), .text(result.worker.description),
                 .text(result.termination), .boolean(result.succeeded), .bytes(result.output),
                 .bytes(result.stderr), .text(result.outputHash.hex),
                 .integer(Int(StoredValue.bits(result.fuelUsed))), .integer(Int(StoredValue.bits(result.wallMicroseconds))),
                 .integer(Int(StoredValue.bits(result.peakMemoryBytes))), .bytes(result.signature),
                 .integer(Int(try StoredValue.milliseconds(result.recordedAt, field: "recordedAt"))),
                 .optionalText(result.provider?.description), .boolean(result.signatureChecked),
                 result.outputBlobSize.map { .integer($0) } ?? .null]
            }
    }

    /// The job's results in task-index order; empty for an unknown job.
    public func results(job: JobID) async throws -> [ResultRecord] {
        try await read { database in
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
                        provider: try stored.optionalIdentifier("provider"),
                        signatureChecked: try stored.bool("signature_checked"),
                        outputBlobSize: try stored.optionalInt("output_blob_size"))
                }
        }
    }

    /// Counted in SQL: a finished 20,000-task job is summed without reading 20,000 outputs.
    /// Fuel per result is at most 10^13 and a job has at most 10^5 tasks, so the sum fits Int64.
    public func resultTotals(job: JobID) async throws -> ResultTotals {
        try await read { database in
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
