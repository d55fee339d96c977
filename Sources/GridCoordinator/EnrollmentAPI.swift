import Foundation
import GridCore
import GridStore
import Hummingbird

/// `POST /v1/enrollment-tokens`: a provider creates a one-time token that enrolls one device to
/// its account, so the device never needs the provider's API key.
///
/// The token is 256 random bits after `enroll-`; only its SHA-256 is stored, it expires after
/// ``CoordinatorConfiguration/enrollmentTokenLifetime``, and it enrolls a single device.
struct EnrollmentAPI: Sendable {
    let store: any GridStore
    let configuration: CoordinatorConfiguration
    let clock: any GridClock

    func register(on router: Router<GridRequestContext>) {
        router.group("v1").post("enrollment-tokens") { request, context in
            try await request.refusingABody()
            return try await createToken(context)
        }
    }

    private func createToken(_ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.role == .provider else {
            throw Problem.forbidden(
                "only a provider account's API key can create enrollment tokens; this key is of a \(account.role.rawValue) account")
        }
        let token = ProviderCredential.enrollmentTokenPrefix + ClientAPI.newAPIKey()
        let now = clock.now
        // Whole milliseconds, as the store keeps it, so the answer is the instant it compares against.
        let expiresAt = Date(
            timeIntervalSince1970: ((now.timeIntervalSince1970 + configuration.enrollmentTokenLifetime.inSeconds) * 1000).rounded() / 1000)
        try await store.createEnrollmentToken(EnrollmentTokenRecord(
            hash: ContentHash(of: Array(token.utf8)), provider: account.id, createdAt: now, expiresAt: expiresAt))
        return try json(EnrollmentTokenCreated(token: token, expiresAt: expiresAt), status: .created)
    }
}
