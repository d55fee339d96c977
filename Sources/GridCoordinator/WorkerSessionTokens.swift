import GridCore
import Synchronization

/// The session tokens of live worker sessions: how a worker authenticates its HTTP blob calls
/// (fetching modules and the inputs of replicas it holds, uploading their outputs).
///
/// A token is 256 random bits sent once, in the session's `welcome`, over the WebSocket the
/// worker authenticated with its device key; it works only while that session lives, so a
/// token that leaks after the connection closes is worth nothing. Only the SHA-256 of each token
/// is kept, so a lookup compares hashes, not secrets.
final class WorkerSessionTokens: Sendable {
    private let sessions = Mutex<[ContentHash: WorkerID]>([:])

    /// A new token for a session of `worker`, and the handle to revoke it with.
    func issue(for worker: WorkerID) -> (token: String, handle: ContentHash) {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
        let token = WorkerProtocol.sessionTokenPrefix + digits
        let hash = ContentHash(of: Array(token.utf8))
        sessions.withLock { $0[hash] = worker }
        return (token, hash)
    }

    /// The session ended: its token stops working.
    func revoke(_ handle: ContentHash) {
        _ = sessions.withLock { $0.removeValue(forKey: handle) }
    }

    /// The worker whose live session holds this token, if any.
    func worker(for token: some StringProtocol) -> WorkerID? {
        let hash = ContentHash(of: Array(token.utf8))
        return sessions.withLock { $0[hash] }
    }
}
