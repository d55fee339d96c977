import GridCore
import GridStore
import Hummingbird

/// `/v1/accounts/me/keys`: the caller's API keys, listed, created (to rotate) and revoked.
///
/// Keys are stored only as SHA-256 hashes, so a secret is answered once, when it is created;
/// a listing shows ids, dates and the last 4 hex digits of each hash. The ``APIKeyCache`` is
/// cleared for every key created or revoked, so either takes effect on the very next request.
extension ClientAPI {
    func registerKeyRoutes(on v1: RouterGroup<GridRequestContext>) {
        v1.get("accounts/me/keys") { _, context in try await listKeys(context) }
        v1.post("accounts/me/keys") { request, context in
            try await request.refusingABody()
            return try await createKey(context)
        }
        v1.delete("accounts/me/keys/:id") { _, context in try await revokeKey(context) }
    }

    private func listKeys(_ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let keys = try await store.apiKeys(account: account.id)
        return try json(APIKeyList(keys: keys.map { summary(of: $0, context) }))
    }

    private func createKey(_ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let active = try await store.apiKeys(account: account.id).filter(\.isActive).count
        guard active < configuration.maxAPIKeysPerAccount else {
            throw Problem.unprocessable(
                "the account has \(active) active API keys, the most allowed; revoke one with DELETE /v1/accounts/me/keys/{id} (idlegrid account key revoke ID) first")
        }
        let secret = Self.newAPIKey()
        let hash = ContentHash(of: Array(secret.utf8))
        let key = APIKeyRecord(account: account.id, hash: hash, createdAt: clock.now)
        try await store.createAPIKey(key)
        keyCache.forget(hash)
        return try json(APIKeyCreated(key: summary(of: key, context), apiKey: secret), status: .created)
    }

    private func revokeKey(_ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let text = try context.parameters.require("id")
        guard let id = APIKeyID(text) else {
            throw Problem.badRequest("'\(text)' is not an API key id (a UUID, as GET /v1/accounts/me/keys lists them)", field: "id")
        }
        switch try await store.revokeAPIKey(id, account: account.id, at: clock.now) {
        case .revoked(let key), .alreadyRevoked(let key):
            keyCache.forget(key.hash)
            return try json(summary(of: key, context))
        case .lastActiveKey:
            throw Problem(
                title: "Conflict", status: 409,
                detail: "API key \(id) is the account's last active key, and revoking it would lock the account out; create another with POST /v1/accounts/me/keys (idlegrid account key rotate) first",
                field: "id")
        case .notFound:
            throw Problem.notFound("you have no API key \(id)")
        }
    }

    private func summary(of key: APIKeyRecord, _ context: GridRequestContext) -> APIKeySummary {
        APIKeySummary(
            id: key.id, createdAt: key.createdAt, revokedAt: key.revokedAt, lastDigits: String(key.hash.hex.suffix(4)),
            current: key.hash == context.apiKeyHash)
    }
}
