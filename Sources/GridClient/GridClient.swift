public import AsyncHTTPClient
public import Foundation
public import GridCore
import NIOCore
import NIOHTTP1

/// The Swift SDK for a coordinator's HTTP API. The CLI and the end-to-end tests use it.
///
/// ```swift
/// let client = GridClient(baseURL: URL(string: "http://127.0.0.1:8480")!, apiKey: key)
/// let module = try await client.uploadModule(bytes)
/// let job = try await client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(arguments: ["100"])]))
/// let done = try await client.waitForCompletion(of: job.id)
/// let results = try await client.results(of: done.id)
/// ```
/// An error the API answers with is thrown as the ``Problem`` it sent; anything else that goes
/// wrong as a ``GridClientError``.
public struct GridClient: Sendable {
    /// The coordinator's base URL.
    public let baseURL: URL
    /// The API key sent as `Authorization: Bearer`.
    public let apiKey: String?
    private let http: HTTPClient

    /// Creates a client; `http` defaults to ``defaultHTTPClient``.
    public init(baseURL: URL, apiKey: String?, http: HTTPClient = GridClient.defaultHTTPClient) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.http = http
    }

    /// How long to try to connect to a coordinator before reporting that it cannot be reached.
    public static let connectTimeout: Duration = .seconds(3)

    /// The HTTP client every ``GridClient`` uses unless given another: AsyncHTTPClient's shared
    /// settings, but giving up connecting after ``connectTimeout`` rather than 90 s, so a command
    /// against a coordinator that is down says so at once. Never shut down, like `HTTPClient.shared`.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = .init(connect: .seconds(Int64(connectTimeout.inSeconds)), read: .seconds(90))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// A client for the same coordinator with another key.
    public func with(apiKey: String?) -> GridClient {
        GridClient(baseURL: baseURL, apiKey: apiKey, http: http)
    }

    // MARK: - Accounts, modules, blobs

    /// Creates an account (operator keys only); the answer holds its API key, shown once.
    public func createAccount(_ account: NewAccount) async throws -> AccountCreated {
        try await call(.POST, "v1/accounts", json: account)
    }

    /// Creates a one-time enrollment token for a device of this provider account (provider keys
    /// only). The token is shown once; pass it to `idlegrid worker` by file or environment.
    public func createEnrollmentToken() async throws -> EnrollmentTokenCreated {
        try await call(.POST, "v1/enrollment-tokens")
    }

    /// The caller's API keys, revoked ones included, oldest first (never their secrets).
    public func apiKeys() async throws -> APIKeyList {
        try await call(.GET, "v1/accounts/me/keys")
    }

    /// The caller's balance and a page of its history, newest first; `before` is a previous
    /// page's ``AccountStatement/nextBefore``.
    public func statement(before: UInt64? = nil, limit: Int? = nil) async throws -> AccountStatement {
        var query: [String] = []
        if let before { query.append("before=\(before)") }
        if let limit { query.append("limit=\(limit)") }
        return try await call(.GET, "v1/accounts/me" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
    }

    /// Directs a part of the caller's shares to a charity account from the next charge on; nil
    /// stops it. Answers the direction set.
    @discardableResult
    public func setCharity(_ direction: CharityDirection?) async throws -> CharityDirection? {
        guard let direction else {
            _ = try await raw(.DELETE, "v1/accounts/me/charity")
            return nil
        }
        return try await call(.PUT, "v1/accounts/me/charity", json: direction)
    }

    /// The current price of compute per fuel and its parts (no key needed).
    public func price() async throws -> PriceQuote {
        try await call(.GET, "v1/price")
    }

    /// Mints GRID onto an account (an operator's key only).
    public func deposit(_ deposit: NewDeposit, to account: AccountID) async throws -> DepositMade {
        try await call(.POST, "v1/accounts/\(account)/deposits", json: deposit)
    }

    /// Creates another API key for the caller's account; the answer holds its secret, shown once.
    public func createAPIKey() async throws -> APIKeyCreated {
        try await call(.POST, "v1/accounts/me/keys")
    }

    /// Revokes one of the caller's API keys; it is refused from the next request on. The
    /// account's last active key cannot be revoked (create another first).
    public func revokeAPIKey(_ id: APIKeyID) async throws -> APIKeySummary {
        try await call(.DELETE, "v1/accounts/me/keys/\(id)")
    }

    /// Uploads a module; the coordinator checks it and answers with its hash.
    public func uploadModule(_ bytes: Data) async throws -> ModuleStored {
        try await call(.POST, "v1/modules", body: bytes, contentType: "application/wasm")
    }

    /// The bytes stored under `hash` (a module, or one of the caller's blobs), checked against it.
    public func blob(_ hash: ContentHash) async throws -> Data {
        let bytes = try await raw(.GET, "v1/blobs/\(hash.hex)")
        guard ContentHash(of: bytes) == hash else {
            throw GridClientError("the bytes the coordinator served for blob \(hash.hex) do not match that hash")
        }
        return bytes
    }

    /// Uploads bytes (a task's input) as a blob of the caller's; storing the same bytes again
    /// changes nothing. Name it in ``TaskInput/stdinBlob``.
    public func uploadBlob(_ bytes: Data) async throws -> BlobReference {
        try await call(.POST, "v1/blobs", body: bytes, contentType: "application/octet-stream")
    }

    /// A task's stdin larger than this goes as a blob (``uploadBlob(_:)``) when ``submit(_:wait:)``
    /// sends it: the coordinator takes at most 1 MiB inline.
    public static let inlineStdinLimit = 1 << 20
    /// Inline stdin of one submission past this total goes as blobs too, so the request stays
    /// well under the coordinator's body limit.
    public static let inlineStdinTotal = 32 << 20

    /// The submission with every large stdin uploaded as a blob and named by hash instead.
    func withLargeInputsAsBlobs(_ job: JobSubmission) async throws -> JobSubmission {
        var job = job
        var inline = 0
        var uploaded: [Data: ContentHash] = [:]
        for index in job.tasks.indices {
            guard let stdin = job.tasks[index].stdin else { continue }
            if stdin.count <= Self.inlineStdinLimit, inline + stdin.count <= Self.inlineStdinTotal {
                inline += stdin.count
                continue
            }
            let hash: ContentHash
            if let known = uploaded[stdin] {
                hash = known
            } else {
                hash = try await uploadBlob(stdin).hash
                uploaded[stdin] = hash
            }
            job.tasks[index].stdin = nil
            job.tasks[index].stdinBlob = hash
        }
        return job
    }

    // MARK: - Jobs

    /// Submits a job; it is durable when this returns. With `wait`, the coordinator holds the
    /// answer until the job ends or `wait` passes (at most 60 s), so a small job's outcome comes
    /// back in one round trip. A task's stdin over ``inlineStdinLimit`` is uploaded as a blob
    /// first and named by hash.
    public func submit(_ job: JobSubmission, wait: Duration? = nil) async throws -> JobSummary {
        try await call(.POST, "v1/jobs\(Self.waitQuery(wait))", json: try await withLargeInputsAsBlobs(job))
    }

    /// What a job would hold in escrow and the most it can cost, before it is submitted (nothing
    /// is stored or held). Large inputs are uploaded as blobs, as ``submit(_:wait:)`` does.
    public func quote(_ job: JobSubmission) async throws -> JobQuote {
        try await call(.POST, "v1/jobs/quote", json: try await withLargeInputsAsBlobs(job))
    }

    /// Submits a job and waits until it ends: one request for a job that ends within a minute.
    public func run(_ job: JobSubmission, timeout: Duration = .seconds(3600)) async throws -> JobSummary {
        let summary = try await submit(job, wait: min(timeout, .seconds(60)))
        if summary.state.isTerminal { return summary }
        return try await waitForCompletion(of: summary.id, timeout: timeout)
    }

    /// Where a job stands. With `wait`, the coordinator holds the answer until the job ends or
    /// `wait` passes (at most 60 s).
    public func job(_ id: JobID, wait: Duration? = nil) async throws -> JobSummary {
        try await call(.GET, "v1/jobs/\(id)\(Self.waitQuery(wait))")
    }

    private static func waitQuery(_ wait: Duration?) -> String {
        wait.map { "?wait=\($0.inSeconds)" } ?? ""
    }

    /// Waits until a job reaches a terminal state, reporting progress as it goes.
    public func waitForCompletion(
        of id: JobID, timeout: Duration = .seconds(3600), progress: @Sendable (JobSummary) -> Void = { _ in }
    ) async throws -> JobSummary {
        let deadline = ContinuousClock.now + timeout
        while true {
            let summary = try await job(id, wait: .milliseconds(250))
            progress(summary)
            if summary.state.isTerminal { return summary }
            guard ContinuousClock.now < deadline else {
                throw GridClientError("job \(id) did not finish within \(timeout)")
            }
        }
    }

    /// A job's recorded results, and its tasks given up with the coordinator's reason for each
    /// (``JobResults/givenUp``). An output too large to travel inline (``TaskOutcome/outputBlobSize``
    /// set) is fetched from its blob into ``TaskOutcome/output`` unless `fetchingBlobs` is false.
    ///
    /// Each output is checked against the hash its worker signed: one that does not match (the
    /// coordinator's store changed it) is ``GridClientError``, never handed on.
    public func results(of id: JobID, fetchingBlobs: Bool = true) async throws -> JobResults {
        var results: JobResults = try await call(.GET, "v1/jobs/\(id)/results")
        for index in results.results.indices {
            let result = results.results[index]
            if result.outputBlobSize != nil {
                guard fetchingBlobs else { continue }
                results.results[index].output = try await blob(result.outputHash)
            }
            guard ContentHash(of: Array(results.results[index].output)) == result.outputHash else {
                throw GridClientError(
                    "task \(result.index) of job \(id): the output the coordinator sent does not hash to the output hash its worker signed (\(result.outputHash.hex)); the coordinator's store may have been changed")
            }
        }
        return results
    }

    /// Cancels a job; returns where it then stands.
    public func cancel(_ id: JobID) async throws -> JobSummary {
        try await call(.DELETE, "v1/jobs/\(id)")
    }

    /// A page of the caller's jobs, newest first.
    public func jobs(after: JobID? = nil, limit: Int = 50) async throws -> JobList {
        var query = "?limit=\(limit)"
        if let after { query += "&after=\(after)" }
        return try await call(.GET, "v1/jobs\(query)")
    }

    // MARK: - The coordinator

    /// The coordinator's status (no key needed).
    public func status() async throws -> CoordinatorStatus {
        try await call(.GET, "v1/status")
    }

    /// The connected workers.
    public func workers() async throws -> [WorkerSummary] {
        try await call(.GET, "v1/workers")
    }

    // MARK: - Transport

    private func call<Answer: Decodable>(_ method: HTTPMethod, _ path: String, json: some Encodable) async throws -> Answer {
        try await call(method, path, body: try APICoding.encode(json), contentType: "application/json")
    }

    func call<Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: String? = nil) async throws -> Answer {
        let data = try await raw(method, path, body: body, contentType: contentType)
        do {
            return try APICoding.decode(Answer.self, from: data)
        } catch {
            throw GridClientError("the coordinator's answer to \(method) /\(path) could not be read: \(error)")
        }
    }

    func raw(_ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: String? = nil) async throws -> Data {
        var base = baseURL.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        var request = HTTPClientRequest(url: "\(base)/\(path)")
        request.method = method
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        }
        let response: HTTPClientResponse
        let bytes: Data
        do {
            response = try await http.execute(request, timeout: .seconds(120))
            bytes = Data(try await response.body.collect(upTo: 1 << 30).readableBytesView)
        } catch {
            throw GridClientError(transport: error, baseURL: base)
        }
        guard (200..<300).contains(response.status.code) else {
            if let problem = try? APICoding.decode(Problem.self, from: bytes) { throw problem }
            throw GridClientError("\(method) /\(path) answered \(response.status.code) \(response.status.reasonPhrase)")
        }
        return bytes
    }
}
