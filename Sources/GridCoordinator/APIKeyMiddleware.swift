import GridCore
import GridStore
import Hummingbird

/// Resolves `Authorization: Bearer <key>` to an account.
///
/// Only the SHA-256 of each key is stored, so a key is looked up by its hash: the comparison is
/// of hashes, never of secrets, which takes the timing side channel out of the lookup. Known
/// hashes, and for a short time unknown ones, are remembered in an ``APIKeyCache``, which the
/// API clears for a key it revokes or creates. A worker's session token (`worker-…`, from its
/// `welcome`) is looked up among the live sessions instead, never in the store.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext
    let store: any GridStore
    let cache: APIKeyCache
    let workerTokens: WorkerSessionTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], let key = Self.bearerKey(header) {
            if key.hasPrefix(WorkerProtocol.sessionTokenPrefix) {
                context.worker = workerTokens.worker(for: key)
            } else {
                let hash = ContentHash(of: Array(key.utf8))
                context.apiKeyHash = hash
                context.account = try await cache.account(for: hash) { try await store.account(apiKeyHash: $0) }
            }
        }
        return try await next(request, context)
    }

    /// The key of an `Authorization: Bearer <key>` header. The scheme is matched in any case
    /// (RFC 9110 §11.1, RFC 6750 §2.1), so `bearer KEY` works too; nil for another scheme.
    static func bearerKey(_ header: String) -> Substring? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingPrefix(while: { $0 == " " })
        return key.isEmpty ? nil : Substring(key)
    }
}

extension GridRequestContext {
    /// The caller's account, or a 401.
    func requireAccount() throws -> AccountRecord {
        guard let account else { throw Problem.unauthorized }
        return account
    }
}
