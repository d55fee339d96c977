import Foundation
import GridCore
import GridSandbox
import GridStore
import Hummingbird
import NIOCore

/// The client HTTP API under `/v1`: JSON in and out, `Authorization: Bearer <api key>`, and every
/// error an `application/problem+json` document naming the field at fault. A request refused for
/// bad input changes nothing.
struct ClientAPI: Sendable {
    let store: any GridStore
    let broker: WorkBroker
    let ledger: LedgerLog
    let sandbox: Sandbox
    let configuration: CoordinatorConfiguration
    let clock: any GridClock
    let keyCache: APIKeyCache
    let validator: ModuleValidator
    let knownModules = KnownModules()
    let blobUploads: BlobUploadGate

    func register(on router: Router<GridRequestContext>) {
        let v1 = router.group("v1")
        v1.get("status") { _, _ in try json(await broker.status(region: configuration.region)) }
        v1.post("accounts") { request, context in try await createAccount(request, context) }
        registerKeyRoutes(on: v1)
        registerMoneyRoutes(on: v1)
        registerPriceRoutes(on: v1)
        registerLedgerRoutes(on: v1)
        v1.post("modules") { request, context in try await uploadModule(request, context) }
        registerBlobRoutes(on: v1)
        v1.post("jobs") { request, context in try await submitJob(request, context) }
        v1.post("jobs/quote") { request, context in try await quoteJob(request, context) }
        v1.get("jobs") { request, context in try await listJobs(request, context) }
        v1.get("jobs/:id") { request, context in try await jobStatus(request, context) }
        v1.get("jobs/:id/results") { request, context in try await jobResults(request, context) }
        v1.delete("jobs/:id") { request, context in try await cancelJob(request, context) }
        v1.get("workers") { _, context in
            _ = try context.requireAccount()
            return try json(await broker.workerSummaries())
        }
    }

    // MARK: - Accounts and modules

    private func createAccount(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        guard try context.requireAccount().role == .operator else {
            throw Problem.forbidden("only an operator's API key can create accounts")
        }
        let new = try await decode(NewAccount.self, from: request, context)
        guard new.role.isCreatable else {
            throw Problem.unprocessable("role system is the coordinator's own accounts; create a client, provider, developer, operator or charity account", field: "role")
        }
        guard (1...128).contains(new.name.count) else {
            throw Problem.unprocessable("name must have 1 to 128 characters", field: "name")
        }
        // Names are printed in lists and logs: no control characters, and none of the invisible
        // ones that change how text reads (a right-to-left override makes "exe.gnp" read as
        // "png.exe"). The same set as openapi.yaml's pattern for the name.
        guard !new.name.unicodeScalars.contains(where: Self.isRefusedInAName) else {
            throw Problem.unprocessable(
                "name may not hold control characters (newlines, tabs, escapes) or invisible ones (zero-width, direction overrides)", field: "name")
        }
        let key = Self.newAPIKey()
        let account = AccountRecord(name: new.name, role: new.role, createdAt: clock.now)
        let hash = ContentHash(of: Array(key.utf8))
        try await store.createAccount(account, apiKeyHash: hash)
        keyCache.forget(hash)
        return try json(AccountCreated(account: account.id, name: account.name, role: account.role, apiKey: key), status: .created)
    }

    /// Control characters, and the invisible characters that hide or reorder text: soft hyphen,
    /// zero-width spaces and joiners, direction marks, embeddings, overrides and isolates,
    /// word joiners and invisible operators, the byte-order mark.
    static func isRefusedInAName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0xAD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFEFF: true
        default: false
        }
    }

    /// A new API key: 256 random bits as 64 hex digits.
    static func newAPIKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }

    private func uploadModule(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        // Bodies are read a few at a time, as blobs are (``BlobUploadGate``).
        guard blobUploads.enter() else {
            throw Problem.unavailable(
                "\(configuration.maxConcurrentBlobUploads) uploads are in progress, the most the coordinator reads at once; retry shortly")
        }
        let bytes: [UInt8]
        do {
            defer { blobUploads.leave() }
            do {
                bytes = [UInt8](try await request.body.collect(upTo: sandbox.configuration.maxModuleBytes).readableBytesView)
            } catch is NIOTooManyBytesError {
                throw Problem.tooLarge("a module may have at most \(sandbox.configuration.maxModuleBytes) bytes")
            }
        }
        // Checked like a worker will: a module no worker could run is refused now, not per task.
        // Off the cooperative pool, a few at a time, within a memory cap and a time limit.
        try await validator.validate(bytes)
        let hash = try await store.putModule(Data(bytes), publisher: try context.requireAccount().id)
        return try json(ModuleStored(hash: hash, byteCount: bytes.count), status: .created)
    }

    // MARK: - Jobs

    private func submitJob(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let wait = try waitParameter(request)
        let submission = try await decode(JobSubmission.self, from: request, context)
        let replicas = submission.replicas ?? 1
        try validate(submission, replicas: replicas)
        let inputs = try await inputBlobs(of: submission, readableBy: account)
        guard let module = try await knownModules.module(submission.module, in: store) else {
            throw Problem.notFound("no module \(submission.module.hex): upload it with POST /v1/modules first", field: "module")
        }
        let now = clock.now
        let seed = submission.seed ?? .perTask
        let limits = submission.limits ?? .standard
        let billing = try await billing(of: submission, module: module, limits: limits, replicas: replicas, payer: account.id)
        let job = JobRecord(
            owner: account.id, module: submission.module, limits: limits,
            replicas: replicas, seedPolicy: seed, taskCount: submission.tasks.count, createdAt: now,
            deadline: submission.deadlineSeconds.map { now.addingTimeInterval(TimeInterval($0)) }, billing: billing)
        let tasks = submission.tasks.enumerated().map { index, input in
            TaskRecord(
                job: job.id, index: index, stdin: input.stdin ?? Data(), stdinBlob: input.stdinBlob.flatMap { inputs[$0] },
                arguments: input.arguments ?? [],
                seed: seed.seed(job: job.id, index: index))
        }
        // Checked against the queue threshold and queued in one step, so its first replicas run
        // while its row commits (group-committed with other writes, and with its first results
        // when the client waits); durable before the client hears the id, and its results reach
        // the store only after it.
        switch await broker.submit(job, tasks: tasks, wait: wait) {
        case .accepted: break
        case .queueFull: throw Problem.unavailable("the queue is full; retry later")
        case .accountLimit(let detail, let field): throw Problem.tooManyRequests(detail, field: field)
        case .refused(let error) where error.shortfall != nil:
            throw Problem.paymentRequired(needed: error.shortfall!.needed, available: error.shortfall!.available)
        case .refused(let error): throw error
        }
        // `?wait=` makes submission a long poll too: a small job's outcome comes back in the
        // same round trip.
        if let wait {
            let snapshot = await broker.progress(of: job.id, waitingUpTo: wait)
            return try json(await currentSummary(of: job, knowing: snapshot), status: .created)
        }
        return try json(summary(of: job, JobSnapshot(state: .queued, finished: 0, succeeded: 0, fuel: 0)), status: .created)
    }

    func validate(_ submission: JobSubmission, replicas: Int) throws {
        guard !submission.tasks.isEmpty else {
            throw Problem.unprocessable("a job needs at least one task", field: "tasks")
        }
        guard submission.tasks.count <= configuration.maxTasksPerJob else {
            throw Problem.unprocessable("\(submission.tasks.count) tasks is over the limit of \(configuration.maxTasksPerJob) per job", field: "tasks")
        }
        guard JobSubmission.Bounds.replicas.contains(replicas) else {
            throw Problem.unprocessable("replicas must be between 1 and 16, not \(replicas)", field: "replicas")
        }
        if let deadline = submission.deadlineSeconds, !JobSubmission.Bounds.deadlineSeconds.contains(deadline) {
            throw Problem.unprocessable("deadlineSeconds must be between 1 and 2592000 (30 days), not \(deadline)", field: "deadlineSeconds")
        }
        for (index, task) in submission.tasks.enumerated() {
            if task.stdin != nil, task.stdinBlob != nil {
                throw Problem.unprocessable(
                    "task \(index) gives both stdin and stdinBlob; give its input inline (stdin) or as an uploaded blob (stdinBlob), not both",
                    field: "tasks[\(index)].stdinBlob")
            }
            let size = task.stdin?.count ?? 0
            guard size <= configuration.maxTaskInputBytes else {
                throw Problem.unprocessable(
                    "task \(index)'s input is \(size) bytes, over the limit of \(configuration.maxTaskInputBytes) inline; upload it with POST /v1/blobs and name it as stdinBlob",
                    field: "tasks[\(index)].stdin")
            }
            // A guest reads its arguments as C strings: one with a NUL would reach it cut short.
            if let position = (task.arguments ?? []).firstIndex(where: { $0.utf8.contains(0) }) {
                throw Problem.unprocessable(
                    "task \(index)'s argument \(position) holds a NUL character, which a guest's argv cannot carry",
                    field: "tasks[\(index)].arguments[\(position)]")
            }
            let argumentBytes = (task.arguments ?? []).reduce(0) { $0 + $1.utf8.count + 1 }
            guard argumentBytes <= Invocation.maxArgumentBytes / 2 else {
                throw Problem.unprocessable(
                    "task \(index)'s arguments take \(argumentBytes) bytes, over the limit of \(Invocation.maxArgumentBytes / 2)",
                    field: "tasks[\(index)].arguments")
            }
        }
    }

    private func jobStatus(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let wait = try waitParameter(request)
        let job = try await ownedJob(request, context)
        if let wait {
            let snapshot = await broker.progress(of: job.id, waitingUpTo: wait)
            return try json(await currentSummary(of: job, knowing: snapshot))
        }
        return try json(await currentSummary(of: job))
    }

    private func jobResults(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let job = try await ownedJob(request, context)
        let results = try await store.results(job: job.id)
        let outcomes = results.map {
            TaskOutcome(
                index: $0.index, termination: $0.termination, succeeded: $0.succeeded, output: $0.output, stderr: $0.stderr,
                outputHash: $0.outputHash, fuelUsed: $0.fuelUsed, worker: $0.worker, outputBlobSize: $0.outputBlobSize)
        }
        let givenUp = try await store.givenUpTasks(job: job.id).map {
            GivenUpTask(index: $0.index, reason: $0.reason, givenUpAt: $0.givenUpAt)
        }
        return try json(JobResults(job: try await currentSummary(of: job), results: outcomes, givenUp: givenUp))
    }

    private func cancelJob(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let job = try await ownedJob(request, context)
        // The broker answers once the cancellation is durable.
        _ = await broker.cancel(job.id)
        return try json(await currentSummary(of: job))
    }

    private func listJobs(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let limit = try limitParameter(request)
        var after: JobID?
        if let text = request.uri.queryParameters["after"].map(String.init) {
            guard let id = JobID(text) else { throw Problem.badRequest("'\(text)' is not a job id", field: "after") }
            after = id
        }
        let page: [JobRecord]
        do {
            page = try await store.jobs(owner: account.id, after: after, limit: limit + 1)
        } catch let error as StoreError where error == .jobNotFound("") {
            throw Problem.notFound(
                "you have no job \(after.map(\.description) ?? ""): after must be the next of a previous page", field: "after")
        }
        var summaries: [JobSummary] = []
        for job in page.prefix(limit) {
            summaries.append(try await currentSummary(of: job))
        }
        return try json(JobList(jobs: summaries, next: page.count > limit ? summaries.last?.id : nil))
    }

    /// The `limit` query parameter of a paged listing: 1 to 500, 50 when absent.
    func limitParameter(_ request: Request) throws -> Int {
        let limitText = request.uri.queryParameters["limit"].map(String.init)
        let limit = limitText.flatMap { Int($0) } ?? 50
        guard (1...500).contains(limit), limitText == nil || Int(limitText!) != nil else {
            throw Problem.badRequest("limit must be an integer between 1 and 500", field: "limit")
        }
        return limit
    }

    /// The `wait` query parameter: seconds (0 to 60, fractions allowed) to hold the answer while
    /// the job runs; nil when absent or zero.
    private func waitParameter(_ request: Request) throws -> Duration? {
        guard let text = request.uri.queryParameters["wait"].map(String.init) else { return nil }
        guard let seconds = Double(text), seconds.isFinite, (0...60).contains(seconds) else {
            throw Problem.badRequest("wait must be a number of seconds from 0 to 60, not '\(text)'", field: "wait")
        }
        return seconds > 0 ? .milliseconds(Int64(seconds * 1000)) : nil
    }

    /// The caller's job named in the path, or 404 (also for another account's job: whether it
    /// exists is none of the caller's business).
    private func ownedJob(_ request: Request, _ context: GridRequestContext) async throws -> JobRecord {
        let account = try context.requireAccount()
        let text = try context.parameters.require("id")
        guard let id = JobID(text) else {
            throw Problem.badRequest("'\(text)' is not a job id", field: "id")
        }
        var remembered = await broker.record(of: id)
        if remembered == nil { remembered = try await store.job(id) }
        guard let job = remembered, job.owner == account.id else {
            throw Problem.notFound("you have no job \(id)")
        }
        return job
    }

    /// The job's summary now. The broker knows a live or recently ended job best (its stored
    /// row may not show the end yet); a job it has forgotten is summed up from the store.
    private func currentSummary(of job: JobRecord) async throws -> JobSummary {
        try await currentSummary(of: job, knowing: await broker.progress(of: job.id))
    }

    /// The summary from the broker's `snapshot`, or from the store when the broker no longer
    /// holds the job.
    private func currentSummary(of job: JobRecord, knowing snapshot: JobSnapshot?) async throws -> JobSummary {
        if let snapshot {
            return summary(of: job, snapshot)
        }
        let totals = try await store.resultTotals(job: job.id)
        return summary(
            of: job, JobSnapshot(state: job.state, finished: totals.count, succeeded: totals.succeeded, fuel: totals.fuelUsed))
    }

    private func summary(of job: JobRecord, _ snapshot: JobSnapshot) -> JobSummary {
        let state = job.state.isTerminal ? job.state : snapshot.state
        return JobSummary(
            id: job.id, state: state, module: job.module, taskCount: job.taskCount,
            tasksFinished: snapshot.finished, tasksSucceeded: snapshot.succeeded, replicas: job.replicas,
            fuelUsed: snapshot.fuel, createdAt: job.createdAt, finishedAt: job.finishedAt ?? snapshot.finishedAt,
            waitingReason: state.isTerminal ? nil : snapshot.waitingReason)
    }

    // MARK: - Coding

    func decode<Value: Decodable>(_ type: Value.Type, from request: Request, _ context: GridRequestContext) async throws -> Value {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge("a request body may have at most \(context.maxUploadSize) bytes; give large task inputs as blobs (POST /v1/blobs, stdinBlob)")
        }
        let data = Data(body.readableBytesView)
        // One pass finds what the decoder lets through or cannot name; it finds nothing in bytes
        // that are not JSON, leaving the decoder's own error to stand.
        let scan = JSONBodyScan(Array(body.readableBytesView), shape: (Value.self as? any KnownJSONFields.Type)?.jsonShape)
        let value: Value
        do {
            value = try APICoding.decode(type, from: data)
        } catch let error as DecodingError {
            // A misspelt field explains a missing one better than the missing one does.
            if let unknown = scan.unknownField { throw Self.unknownFieldProblem(unknown) }
            if case .typeMismatch(_, let context) = error, context.codingPath.isEmpty {
                throw Problem.badRequest("the body must be a JSON object")
            }
            // Foundation calls a body "not valid JSON" when a number does not fit its field.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                if let number = scan.unfitNumber {
                    throw Self.numberProblem(
                        number.path, number.text, number.isNegative ? "it must be 0 or more" : "it must be a whole number of at most 64 bits")
                }
                if let number = scan.beyondSignedRange {
                    throw Self.numberProblem(number.path, number.text, "it must be at most \(Int64.max)")
                }
            }
            throw Problem.decoding(error)
        }
        // Decoding keeps one of a key given twice; which one another reader keeps is anyone's guess.
        if let duplicate = scan.duplicateKey {
            throw Problem.badRequest("the field '\(duplicate)' is given twice; give each field once", field: duplicate)
        }
        // Decoding skips fields it does not know; a misspelt one must not silently change the job.
        if let unknown = scan.unknownField { throw Self.unknownFieldProblem(unknown) }
        return value
    }

    /// The 400 for a number at `path` (empty: the body itself) that its field cannot take.
    private static func numberProblem(_ path: String, _ text: String, _ rule: String) -> Problem {
        Problem.badRequest("'\(path.isEmpty ? "the body" : path)' is \(text): \(rule)", field: path.isEmpty ? nil : path)
    }

    private static func unknownFieldProblem(_ unknown: (path: String, fields: [String])) -> Problem {
        Problem.badRequest(
            "unknown field '\(unknown.path)'; the fields there are \(unknown.fields.joined(separator: ", "))", field: unknown.path)
    }
}

/// A JSON response.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try APICoding.encode(value))))
}
