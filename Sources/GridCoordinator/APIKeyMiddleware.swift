import GridCore
import GridStore
import Hummingbird

/// Resolves `Authorization: Bearer <key>` to an account.
///
/// Only the SHA-256 of each key is stored, so a key is looked up by its hash: the comparison is
/// of hashes, never of secrets, which takes the timing side channel out of the lookup. Known
/// hashes, and for a short time unknown ones, are remembered in an ``APIKeyCache``, which the
/// API clears for a key it revokes or creates.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext
    let store: any GridStore
    let cache: APIKeyCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let hash = ContentHash(of: Array(header.dropFirst(7).utf8))
            context.apiKeyHash = hash
            context.account = try await cache.account(for: hash) { try await store.account(apiKeyHash: $0) }
        }
        return try await next(request, context)
    }
}

extension GridRequestContext {
    /// The caller's account, or a 401.
    func requireAccount() throws -> AccountRecord {
        guard let account else { throw Problem.unauthorized }
        return account
    }
}
