import Foundation
import GridCore
import GridStore

/// Decides, at the handshake, which provider account an authenticated device key belongs to.
///
/// A device enrolls once, with its provider's credential: the API key of a `provider` account,
/// or a one-time enrollment token that provider created. From then on its key alone lets it
/// reconnect; a credential it still sends must name the same provider, so a device enrolled to
/// provider A is never taken over by provider B.
struct WorkerEnrollment: Sendable {
    let store: any GridStore
    let clock: any GridClock

    /// What the worker is told to do about a missing credential.
    static let howToEnroll =
        "start the worker with a provider account's API key or enrollment token (--credential-file, IDLEGRID_PROVIDER_KEY or IDLEGRID_ENROLLMENT_TOKEN)"

    /// The provider `worker` belongs to, enrolling it with `credential` if it is new.
    ///
    /// - Throws: ``WorkerRefusal`` naming the problem: no credential for a new device, an unknown key or
    ///   token, a key of an account that is not a provider, a used or expired token, a device
    ///   enrolled to another provider (all final), or a store that cannot answer (transient).
    func provider(of worker: WorkerID, credential: ProviderCredential?) async throws(WorkerRefusal) -> AccountID {
        do {
            switch credential {
            case nil:
                guard let provider = try await store.workerProvider(worker) else {
                    throw WorkerRefusal(reason: "device \(worker) is not enrolled with a provider: \(Self.howToEnroll)", kind: .credential)
                }
                return provider
            case .apiKey(let secret)?:
                guard let account = try await store.account(apiKeyHash: ContentHash(of: Array(secret.utf8))) else {
                    throw WorkerRefusal(reason: "the provider API key is not known to this coordinator", kind: .credential)
                }
                guard account.role == .provider else {
                    throw WorkerRefusal(
                        reason: "the API key is of a \(account.role.rawValue) account, not a provider account: enroll with a provider account's key or enrollment token",
                        kind: .credential)
                }
                let onRecord = try await store.enrollWorker(worker, provider: account.id, at: clock.now)
                guard onRecord == account.id else { throw Self.enrolledElsewhere(worker, onRecord) }
                return onRecord
            case .enrollmentToken(let secret)?:
                switch try await store.redeemEnrollmentToken(hash: ContentHash(of: Array(secret.utf8)), worker: worker, at: clock.now) {
                case .enrolled(let provider): return provider
                case .unknown:
                    throw WorkerRefusal(reason: "the enrollment token is not known to this coordinator", kind: .credential)
                case .used:
                    throw WorkerRefusal(reason: "the enrollment token was already used to enroll another device: create a new one", kind: .credential)
                case .expired(let date):
                    throw WorkerRefusal(reason: "the enrollment token expired at \(date.formatted(.iso8601)): create a new one", kind: .credential)
                case .enrolledElsewhere(let provider):
                    throw Self.enrolledElsewhere(worker, provider)
                }
            }
        } catch let refusal as WorkerRefusal {
            throw refusal
        } catch {
            throw WorkerRefusal(reason: "the coordinator cannot check the worker's enrollment now (\(error)); retry later", kind: .transient)
        }
    }

    private static func enrolledElsewhere(_ worker: WorkerID, _ provider: AccountID) -> WorkerRefusal {
        WorkerRefusal(
            reason: "device \(worker) is enrolled to provider account \(provider), not to this credential's: run another provider's worker with its own device key (--key)",
            kind: .credential)
    }
}
