public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Replicas per `INSERT`: 16 columns × 100 rows = 1,600 bound values.
    static let replicaRowsPerInsert = 100

    private static let replicaColumns = [
        "replica_id", "job_id", "idx", "worker_id", "provider", "termination", "succeeded", "output_hash",
        "fuel_used", "wall_us", "peak_memory", "stderr_hash", "signature", "signature_checked", "verdict", "recorded_at",
    ]

    /// Writes the batch in one transaction, its parts in order: jobs, results, replicas, given-up
    /// tasks, job ends, flags. Returns how many results were new. Any entry the store refuses rolls back all of it.
    @discardableResult
    public func commit(_ batch: SettlementBatch) async throws -> Int {
        guard !batch.isEmpty else { return 0 }
        let jobs = try batch.jobs.map { new throws(StoreError) in try Self.jobRows(new.job, tasks: new.tasks) }
        let results = try Self.resultRows(batch.results)
        let replicas = try Self.replicaRows(batch.replicas)
        let givenUp = try batch.givenUp.map { task throws(StoreError) in
            (task, try StoredValue.milliseconds(task.givenUpAt, field: "givenUpAt"))
        }
        let ends = try batch.jobEnds.map { end throws(StoreError) in (end, try Self.finishedAt(of: end)) }
        let flags = try batch.flags.map { flag throws(StoreError) in
            (flag, try StoredValue.milliseconds(flag.flaggedAt, field: "flaggedAt"))
        }
        // The messages name what a violation means when the batch holds one entry, which is how
        // the settlement writer isolates an entry the store refuses.
        let lone = batch.count == 1
        return try await transaction(
            duplicate: lone ? jobs.first?.duplicate ?? "replica \(batch.replicas.first?.replica.description ?? "")" : nil,
            missing: lone ? jobs.first?.missing ?? (batch.givenUp.isEmpty ? Self.missingTask : Self.missingGivenUpTask) : nil
        ) { database in
            for job in jobs {
                try await Self.insert(job, on: database)
            }
            let inserted = try await Self.insertResults(results, on: database)
            for start in stride(from: 0, to: replicas.count, by: Self.replicaRowsPerInsert) {
                try await database.insert(into: "replica_results")
                    .columns(Self.replicaColumns)
                    .rows(Array(replicas[start..<min(start + Self.replicaRowsPerInsert, replicas.count)]))
                    .ignoringConflicts(with: ["replica_id"])
                    .run()
            }
            try await Self.insertGivenUp(givenUp, on: database)
            for (end, finished) in ends {
                try await Self.update(end, finished: finished, on: database)
            }
            for (flag, milliseconds) in flags {
                try await Self.insertFlag(flag, milliseconds: milliseconds, on: database)
            }
            return inserted
        }
    }

    /// Every replica result stored for the job, by task index, then in the order recorded.
    public func replicas(job: JobID) async throws -> [ReplicaRecord] {
        try await run { database in
            try await database.select().columns(Self.replicaColumns).from("replica_results")
                .where("job_id", .equal, job.description)
                .orderBy("idx").orderBy("recorded_at").orderBy("replica_id")
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
    }

    private static func replicaRows(_ replicas: [ReplicaRecord]) throws(StoreError) -> [[any SQLExpression]] {
        try replicas.map { replica throws(StoreError) -> [any SQLExpression] in
            [SQLBind(replica.replica.description), SQLBind(replica.job.description), SQLBind(Int64(replica.index)),
             SQLBind(replica.worker.description),
             replica.provider.map { SQLBind($0.description) as any SQLExpression } ?? SQLLiteral.null,
             SQLBind(replica.termination), SQLBind(replica.succeeded), SQLBind(replica.outputHash.hex),
             SQLBind(StoredValue.bits(replica.fuelUsed)), SQLBind(StoredValue.bits(replica.wallMicroseconds)),
             SQLBind(StoredValue.bits(replica.peakMemoryBytes)), SQLBind(replica.stderrHash.hex),
             SQLBind(replica.signature), SQLBind(replica.signatureChecked), SQLBind(replica.verdict.rawValue),
             SQLBind(try StoredValue.milliseconds(replica.recordedAt, field: "recordedAt"))]
        }
    }
}
