import Foundation
import GridCore
import GridStore
import Hummingbird
import NIOCore

/// `/v1/blobs`: content-addressed bytes, and who may read them.
///
/// - A module (`POST /v1/modules`) is readable by any authenticated party: an API key or a
///   worker's session token.
/// - A client's blob (`POST /v1/blobs`: a task input; or a task output a worker uploaded) is
///   readable by its owner and by the workers holding a replica whose task reads it as stdin.
/// - Anyone else is answered 404, the same as for bytes never stored (whether someone else's blob
///   exists is none of the caller's business); no credential at all is 401.
///
/// A worker authenticates with the session token of its live WebSocket session
/// (``WorkerSessionTokens``), and uploads a replica's output with `?replica=`.
extension ClientAPI {
    func registerBlobRoutes(on v1: RouterGroup<GridRequestContext>) {
        v1.post("blobs") { request, context in try await uploadBlob(request, context) }
        v1.get("blobs/:hash") { request, context in try await blob(request, context) }
    }

    private func uploadBlob(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let replicaText = request.uri.queryParameters["replica"].map(String.init)
        if let worker = context.worker {
            guard let replicaText else {
                throw Problem.badRequest("a worker uploads a replica's output: name the replica with ?replica=<id>", field: "replica")
            }
            guard let replica = ReplicaID(replicaText) else {
                throw Problem.badRequest("'\(replicaText)' is not a replica id", field: "replica")
            }
            switch await broker.beginOutputUpload(of: replica, by: worker) {
            case .notHeld:
                throw Problem.forbidden("worker \(worker) holds no replica \(replica)", field: "replica")
            case .alreadyUploaded:
                throw Problem.conflict("replica \(replica)'s output was uploaded already", field: "replica")
            case .granted(let owner, let maxBytes):
                let bytes = try await body(of: request, upTo: maxBytes, limit: "its job's outputBytes limit")
                let hash = try await store.putBlob(bytes, owner: owner)
                let stored = BlobReference(hash: hash, size: bytes.count)
                await broker.finishOutputUpload(of: replica, by: worker, blob: stored)
                return try json(stored, status: .created)
            }
        }
        let account = try context.requireAccount()
        if replicaText != nil {
            throw Problem.forbidden("only a worker uploads a replica's output (with its session token); upload a task's input without replica", field: "replica")
        }
        let bytes = try await body(of: request, upTo: configuration.maxBlobBytes, limit: "the coordinator's limit for a blob")
        let hash = try await store.putBlob(bytes, owner: account.id)
        return try json(BlobReference(hash: hash, size: bytes.count), status: .created)
    }

    /// The request's body, or a 413 naming the limit; a 503 when too many uploads are being
    /// read already (``BlobUploadGate``).
    private func body(of request: Request, upTo maxBytes: Int, limit: String) async throws -> Data {
        let tooLarge = Problem.tooLarge("a blob may have at most \(maxBytes) bytes (\(limit)); this one has more")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes { throw tooLarge }
        guard blobUploads.enter() else {
            throw Problem.unavailable(
                "\(configuration.maxConcurrentBlobUploads) blob uploads are in progress, the most the coordinator reads at once; retry shortly")
        }
        defer { blobUploads.leave() }
        do {
            return Data(try await request.body.collect(upTo: maxBytes).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    private func blob(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let text = try context.parameters.require("hash")
        guard let hash = try? ContentHash(hex: text) else {
            throw Problem.badRequest("'\(text)' is not a SHA-256 hash: expected 64 hex digits", field: "hash")
        }
        guard context.account != nil || context.worker != nil else { throw Problem.unauthorized }
        let notFound = Problem.notFound("no blob \(hash.hex) that you may read (a module, or an input or output of yours)")
        let isModule = try await store.isModule(hash)
        if !isModule {
            if let account = context.account {
                guard try await store.blobSize(hash, readableBy: account.id) != nil else { throw notFound }
            } else if let worker = context.worker {
                guard await broker.holdsReplica(reading: hash, worker: worker) else { throw notFound }
            }
        }
        guard let bytes = try await store.blob(hash) else { throw notFound }
        var headers = HTTPFields()
        headers[.contentType] = isModule ? "application/wasm" : "application/octet-stream"
        headers[.eTag] = "\"\(hash.hex)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The blob each task's `stdinBlob` names, with its size, checked: a hash the caller may not
    /// read (someone else's, or never stored) is a 404 naming the first task that gives it.
    func inputBlobs(of submission: JobSubmission, readableBy account: AccountRecord) async throws -> [ContentHash: BlobReference] {
        var found: [ContentHash: BlobReference] = [:]
        for (index, task) in submission.tasks.enumerated() {
            guard let hash = task.stdinBlob, found[hash] == nil else { continue }
            guard let size = try await store.blobSize(hash, readableBy: account.id) else {
                throw Problem.notFound(
                    "task \(index)'s stdinBlob \(hash.hex) is not a blob of yours: upload it with POST /v1/blobs first",
                    field: "tasks[\(index)].stdinBlob")
            }
            found[hash] = BlobReference(hash: hash, size: size)
        }
        return found
    }
}
