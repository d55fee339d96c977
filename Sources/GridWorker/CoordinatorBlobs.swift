import AsyncHTTPClient
import Foundation
import GridCore
import NIOCore
import Synchronization

/// The worker's HTTP side of the coordinator's blobs: fetching modules and the input blobs of
/// the replicas it holds (`GET /v1/blobs/{hash}`), and uploading large outputs
/// (`POST /v1/blobs?replica=`), each authenticated with the session token of the live WebSocket
/// session (``WorkerWelcome/sessionToken``). Everything fetched is checked against its hash.
final class CoordinatorBlobs: Sendable {
    private let coordinator: URL
    private let http: HTTPClient
    private let token = Mutex<String?>(nil)

    init(coordinator: URL, http: HTTPClient) {
        self.coordinator = coordinator
        self.http = http
    }

    /// The token of the session now live (nil between sessions).
    func setSessionToken(_ value: String?) {
        token.withLock { $0 = value }
    }

    /// The bytes of `hash`, at most `maxBytes` of them, checked against the hash.
    func fetch(_ hash: ContentHash, maxBytes: Int, what: String) async throws -> [UInt8] {
        let url = coordinator.appendingPathComponent("v1/blobs/\(hash.hex)")
        let response = try await http.execute(request(url.absoluteString), timeout: .seconds(120))
        guard response.status == .ok else {
            throw BlobTransferError("GET \(url) for \(what) answered \(response.status.code)")
        }
        let body = try await response.body.collect(upTo: maxBytes)
        let bytes = [UInt8](body.readableBytesView)
        guard ContentHash(of: bytes) == hash else {
            throw BlobTransferError("the bytes served for \(what) \(hash.hex) do not match its hash")
        }
        return bytes
    }

    /// The assignment's stdin: inline, or its blob fetched and checked.
    func input(of assignment: Assignment) async throws -> [UInt8] {
        guard let blob = assignment.stdinBlob else { return [UInt8](assignment.stdin) }
        let bytes = try await fetch(blob.hash, maxBytes: blob.size, what: "the input of replica \(assignment.replica)")
        guard bytes.count == blob.size else {
            throw BlobTransferError("the input blob \(blob.hash.hex) has \(bytes.count) bytes, not \(blob.size)")
        }
        return bytes
    }

    /// Uploads a result's output as a blob and returns the result carrying only its size
    /// (the signature stands: it covers the hash, not the bytes).
    func uploadOutput(of result: ReplicaResult) async throws -> ReplicaResult {
        var url = URLComponents(url: coordinator.appendingPathComponent("v1/blobs"), resolvingAgainstBaseURL: false)!
        url.queryItems = [URLQueryItem(name: "replica", value: result.replica.description)]
        var request = request(url.string!)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.body = .bytes(ByteBuffer(bytes: result.output))
        let response = try await http.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .created else {
            throw BlobTransferError("uploading the output of replica \(result.replica) answered \(response.status.code): \(String(buffer: body))")
        }
        let stored = try APICoding.decode(BlobReference.self, from: Data(body.readableBytesView))
        guard stored.hash == result.outputHash, stored.size == result.output.count else {
            throw BlobTransferError("the coordinator stored the output of replica \(result.replica) as \(stored.hash.hex), not \(result.outputHash.hex)")
        }
        var slim = result
        slim.output = Data()
        slim.outputBlobSize = stored.size
        return slim
    }

    private func request(_ url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        if let token = token.withLock({ $0 }) {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        return request
    }
}

/// A blob could not be fetched or uploaded.
struct BlobTransferError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
