public import Foundation
public import GridCore
import SQLKit
import SQLiteKit

extension SQLiteGridStore {
    private static let jobColumns = [
        "id", "owner", "module", "limits", "replicas", "seed_policy", "state", "task_count",
        "created_at", "deadline", "finished_at", "price_cap", "developer", "held",
    ]
    private static let taskColumns = ["job_id", "idx", "stdin", "arguments", "seed", "stdin_blob", "stdin_blob_size"]
    private static let jobInsert = SQLiteInsert(table: "jobs", columns: jobColumns, suffix: "", rowsPerStatement: 100)
    /// 7 columns × 500 rows = 3,500 bound values.
    private static let taskInsert = SQLiteInsert(table: "tasks", columns: taskColumns, suffix: "", rowsPerStatement: 500)

    /// Stores the job and all its tasks in one transaction: either all are stored or none.
    ///
    /// The job's owner and module must be stored first (``StoreError/missingReference(_:)``);
    /// the tasks must be the job's, `job.taskCount` of them (``StoreError/invalidRecord(_:)``);
    /// a job id or task index stored already is ``StoreError/duplicate(_:)``.
    public func insertJob(_ job: JobRecord, tasks: [TaskRecord]) async throws {
        try await commit(SettlementBatch(jobs: [NewJob(job: job, tasks: tasks)]))
    }

    /// A job's row and its tasks' rows, checked, ready for ``jobStatements(_:)``.
    struct JobRows: Sendable {
        let job: [SQLiteData]
        let tasks: [[SQLiteData]]
        /// What a key violation means for this job.
        let duplicate: String
        /// What a foreign-key violation means for this job.
        let missing: String
    }

    static func jobRows(_ job: JobRecord, tasks: [TaskRecord]) throws(StoreError) -> JobRows {
        guard tasks.count == job.taskCount else {
            throw StoreError.invalidRecord("job \(job.id) declares \(job.taskCount) tasks but \(tasks.count) were given")
        }
        if let stray = tasks.first(where: { $0.job != job.id }) {
            throw StoreError.invalidRecord("task \(stray.index) belongs to job \(stray.job), not \(job.id)")
        }
        let jobID = SQLiteData.text(job.id.description)
        let taskRows = try tasks.map { task throws(StoreError) -> [SQLiteData] in
            // Most tasks have no arguments: skip an encoder for those.
            let arguments = task.arguments.isEmpty ? "[]" : try StoredValue.json(task.arguments, field: "arguments")
            return [jobID, .integer(task.index), .bytes(task.stdin), .text(arguments),
                    .integer(Int(StoredValue.bits(task.seed))), .optionalText(task.stdinBlob?.hash.hex),
                    task.stdinBlob.map { .integer($0.size) } ?? .null]
        }
        return JobRows(
            job: try row(job), tasks: taskRows, duplicate: "job \(job.id) or one of its task indices",
            missing: "job \(job.id) names owner \(job.owner), module \(job.module.hex) or an input blob, which is not stored")
    }

    /// The statements that insert these jobs, then all their tasks (which refer to the jobs).
    static func jobStatements(_ jobs: [JobRows]) -> [(sql: String, binds: [SQLiteData])] {
        guard !jobs.isEmpty else { return [] }
        return jobInsert.statements(jobs.map(\.job)) + taskInsert.statements(jobs.flatMap(\.tasks))
    }

    /// The job with this id, or nil.
    public func job(_ id: JobID) async throws -> JobRecord? {
        try await read { database in
            try await database.select().columns(Self.jobColumns).from("jobs")
                .where("id", .equal, id.description)
                .first()
                .map(Self.job(from:))
        }
    }

    /// The owner's jobs, newest first (by creation time, then id), at most `limit`.
    ///
    /// `after` is a cursor: the last job of the previous page. It must be one of the owner's
    /// jobs, else ``StoreError/jobNotFound(_:)``.
    public func jobs(owner: AccountID, after: JobID?, limit: Int) async throws -> [JobRecord] {
        guard limit > 0 else { return [] }
        return try await read(snapshot: true) { database in
            let query = database.select().columns(Self.jobColumns).from("jobs")
                .where("owner", .equal, owner.description)
            if let after {
                let cursor = try await database.select().column("created_at").from("jobs")
                    .where("id", .equal, after.description)
                    .where("owner", .equal, owner.description)
                    .first()
                guard let cursor else { throw StoreError.jobNotFound(after.description) }
                let createdAt = try StoredRow(row: cursor, table: "jobs").int64("created_at")
                query.where { group in
                    group.where("created_at", .lessThan, createdAt)
                        .orWhere { $0.where("created_at", .equal, createdAt).where("id", .lessThan, after.description) }
                }
            }
            return try await query
                .orderBy("created_at", .descending).orderBy("id", .descending)
                .limit(limit)
                .all()
                .map(Self.job(from:))
        }
    }

    /// Sets the job's state and finish time (nil clears it).
    ///
    /// Throws ``StoreError/jobNotFound(_:)`` when no such job is stored. Whether the move is
    /// allowed is ``JobState``'s business, checked before this is called.
    public func updateJob(_ id: JobID, state: JobState, finishedAt: Date?) async throws {
        try await commit(SettlementBatch(jobEnds: [JobEnd(job: id, state: state, finishedAt: finishedAt)]))
    }

    /// The job's tasks in index order; empty for an unknown job.
    public func tasks(job: JobID) async throws -> [TaskRecord] {
        try await read { database in
            try await database.select().columns(Self.taskColumns).from("tasks")
                .where("job_id", .equal, job.description)
                .orderBy("idx")
                .all()
                .map { row in
                    let stored = StoredRow(row: row, table: "tasks")
                    return TaskRecord(
                        job: try stored.identifier("job_id"), index: try stored.int("idx"),
                        stdin: try stored.bytes("stdin"), stdinBlob: try stored.optionalBlob("stdin_blob", size: "stdin_blob_size"),
                        arguments: try stored.json("arguments"), seed: try stored.uint64("seed"))
                }
        }
    }

    /// Jobs in a non-terminal state (``JobState/isTerminal``), oldest first, so a restarted
    /// coordinator requeues them in the order they were accepted.
    public func unfinishedJobs() async throws -> [JobRecord] {
        let open = JobState.allCases.filter { !$0.isTerminal }.map(\.rawValue)
        return try await read { database in
            try await database.select().columns(Self.jobColumns).from("jobs")
                .where("state", .in, open)
                .orderBy("created_at").orderBy("id")
                .all()
                .map(Self.job(from:))
        }
    }

    // MARK: Rows

    private static func row(_ job: JobRecord) throws(StoreError) -> [SQLiteData] {
        func milliseconds(_ date: Date?, _ field: String) throws(StoreError) -> SQLiteData {
            guard let date else { return .null }
            return .integer(Int(try StoredValue.milliseconds(date, field: field)))
        }
        return [
            .text(job.id.description), .text(job.owner.description), .text(job.module.hex),
            .text(try StoredValue.json(job.limits, field: "limits")), .integer(job.replicas),
            .text(try StoredValue.json(job.seedPolicy, field: "seedPolicy")), .text(job.state.rawValue),
            .integer(job.taskCount), try milliseconds(job.createdAt, "createdAt"),
            try milliseconds(job.deadline, "deadline"), try milliseconds(job.finishedAt, "finishedAt"),
            .optionalText(job.billing.map { String($0.priceCap.baseUnitsPerExafuel) }),
            .optionalText(job.billing?.developer?.description), .text(job.billing?.escrow.baseUnitsString ?? "0"),
        ]
    }

    private static func job(from row: any SQLRow) throws -> JobRecord {
        let stored = StoredRow(row: row, table: "jobs")
        return JobRecord(
            id: try stored.identifier("id"), owner: try stored.identifier("owner"),
            module: try stored.hash("module"), limits: try stored.json("limits"),
            replicas: try stored.int("replicas"), seedPolicy: try stored.json("seed_policy"),
            state: try stored.enumeration("state"), taskCount: try stored.int("task_count"),
            createdAt: try stored.date("created_at"), deadline: try stored.optionalDate("deadline"),
            finishedAt: try stored.optionalDate("finished_at"), billing: try billing(stored))
    }

    private static func billing(_ stored: StoredRow) throws -> JobBilling? {
        guard let cap = try stored.optionalString("price_cap") else { return nil }
        guard let units = Int128(cap), let priceCap = try? PricePerFuel(baseUnitsPerExafuel: units) else {
            throw StoreError.corruptRow(table: "jobs", column: "price_cap", detail: "'\(cap)' is not a price in base units per 10^18 fuel")
        }
        return JobBilling(priceCap: priceCap, escrow: try stored.amount("held"), developer: try stored.optionalIdentifier("developer"))
    }
}
