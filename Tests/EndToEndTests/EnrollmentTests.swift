import Crypto
import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import GridWorker
import Synchronization
import Testing

/// Workers belong to provider accounts: a device key enrolls once, with its provider's API key
/// or a one-time enrollment token, and then reconnects with its key alone.
@Suite("Workers enroll with their provider's credential", .serialized)
struct EnrollmentTests {
    typealias Wire = WorkerProtocolTests

    /// The full handshake of a device with `key` and `credential`; what the coordinator said.
    /// A welcomed conversation is ended by the caller's `stop` closure.
    static func connect(
        _ network: TestNetwork, key: Curve25519.Signing.PrivateKey, credential: ProviderCredential?,
        signedCredential: ProviderCredential?? = .none
    ) async throws -> [CoordinatorMessage] {
        // Ends the conversation once the outcome (welcome or refused) is heard.
        try await Wire.converse(port: network.port) { message in
            if case .welcome? = message { throw Welcomed() }
            return try Wire.handshake(
                message, hello: Wire.hello(key, credential: credential), signer: key, signedCredential: signedCredential)
        }
    }

    /// Thrown by a script to hang up once welcomed.
    struct Welcomed: Error {}

    static func refusal(_ heard: [CoordinatorMessage]) -> (reason: String, kind: WorkerRefusalKind)? {
        guard case .refused(let reason, let kind)? = heard.last else { return nil }
        return (reason, kind)
    }

    static func welcomed(_ heard: [CoordinatorMessage]) -> Bool {
        heard.contains { if case .welcome = $0 { true } else { false } }
    }

    static func id(_ key: Curve25519.Signing.PrivateKey) -> WorkerID { WorkerID(publicKey: key.publicKey.rawRepresentation) }

    @Test func aNewDeviceWithoutACredentialIsRefusedForGood() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let heard = try await Self.connect(network, key: Curve25519.Signing.PrivateKey(), credential: nil)
            let refusal = try #require(Self.refusal(heard), "not refused: \(heard)")
            #expect(refusal.reason.contains("is not enrolled with a provider"))
            #expect(refusal.reason.contains("IDLEGRID_ENROLLMENT_TOKEN"))
            #expect(refusal.kind == .credential && refusal.kind.isFinal)
            #expect(!Self.welcomed(heard))
        }
    }

    @Test func anUnknownKeyAndAClientAccountsKeyAreRefused() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let unknown = try await Self.connect(
                network, key: Curve25519.Signing.PrivateKey(), credential: .apiKey(String(repeating: "0", count: 64)))
            #expect(Self.refusal(unknown)?.reason == "the provider API key is not known to this coordinator")
            #expect(Self.refusal(unknown)?.kind == .credential)

            let client = try await Self.connect(network, key: Curve25519.Signing.PrivateKey(), credential: .apiKey(try #require(network.client.apiKey)))
            #expect(Self.refusal(client)?.reason.contains("is of a client account, not a provider account") == true)

            let malformed = try await Self.connect(network, key: Curve25519.Signing.PrivateKey(), credential: .apiKey("short"))
            #expect(Self.refusal(malformed)?.reason.contains("a provider API key is 64 lowercase hex digits") == true)
            #expect(Self.refusal(malformed)?.reason.contains("short") == false)
            #expect(try await network.store.accountCount() == 3)  // operator, alice, acme: nothing was added
        }
    }

    @Test func aProviderKeyEnrollsADeviceThatThenReconnectsWithItsKeyAloneAndIsListedWithItsProvider() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let key = Curve25519.Signing.PrivateKey()
            #expect(Self.welcomed(try await Self.connect(network, key: key, credential: network.providerCredential)))
            #expect(try await network.store.workerProvider(Self.id(key)) == network.provider.account)
            // The key alone, and the same provider's key again, both reconnect it.
            #expect(Self.welcomed(try await Self.connect(network, key: key, credential: nil)))
            #expect(Self.welcomed(try await Self.connect(network, key: key, credential: network.providerCredential)))

            // A real worker with the same provider: one provider, many devices, each listed with it.
            try await network.startWorker(name: "second", slots: 1)
            try await network.waitForWorkers(1)
            let listed = try await network.client.workers()
            #expect(listed.map(\.provider) == [network.provider.account])
            #expect(try await network.store.workerProvider(listed[0].id) == network.provider.account)
        }
    }

    @Test func aDeviceEnrolledToOneProviderIsNotTakenOverByAnother() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let key = Curve25519.Signing.PrivateKey()
            #expect(Self.welcomed(try await Self.connect(network, key: key, credential: network.providerCredential)))
            let other = try await network.operatorClient.createAccount(NewAccount(name: "globex", role: .provider))
            let byKey = try await Self.connect(network, key: key, credential: .apiKey(other.apiKey))
            #expect(Self.refusal(byKey)?.reason.contains("is enrolled to provider account \(network.provider.account)") == true)
            #expect(Self.refusal(byKey)?.kind == .credential)
            let token = try await network.client.with(apiKey: other.apiKey).createEnrollmentToken()
            let byToken = try await Self.connect(network, key: key, credential: .enrollmentToken(token.token))
            #expect(Self.refusal(byToken)?.reason.contains("is enrolled to provider account \(network.provider.account)") == true)
            #expect(try await network.store.workerProvider(Self.id(key)) == network.provider.account)
            // Globex's token was not used up by the attempt: it still enrolls a device of globex's.
            let fresh = Curve25519.Signing.PrivateKey()
            #expect(Self.welcomed(try await Self.connect(network, key: fresh, credential: .enrollmentToken(token.token))))
            #expect(try await network.store.workerProvider(Self.id(fresh)) == other.account)
        }
    }

    @Test func anEnrollmentTokenEnrollsOneDeviceOnceAndIsStoredOnlyAsItsHash() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let before = Date()
            let created = try await network.providerClient.createEnrollmentToken()
            #expect(created.token.hasPrefix("enroll-") && created.token.count == 71)
            #expect(created.expiresAt > before.addingTimeInterval(86_000) && created.expiresAt < Date().addingTimeInterval(86_401))
            let stored = try #require(try await network.store.enrollmentToken(hash: ContentHash(of: Array(created.token.utf8))))
            #expect(stored.provider == network.provider.account && stored.usedBy == nil)

            let first = Curve25519.Signing.PrivateKey()
            let credential = ProviderCredential.enrollmentToken(created.token)
            #expect(Self.welcomed(try await Self.connect(network, key: first, credential: credential)))
            #expect(try await network.store.workerProvider(Self.id(first)) == network.provider.account)
            #expect(try await network.store.enrollmentToken(hash: stored.hash)?.usedBy == Self.id(first))
            // The same device may present its token again (a restart with the same environment).
            #expect(Self.welcomed(try await Self.connect(network, key: first, credential: credential)))

            let second = try await Self.connect(network, key: Curve25519.Signing.PrivateKey(), credential: credential)
            #expect(Self.refusal(second)?.reason.contains("already used to enroll another device") == true)
            #expect(Self.refusal(second)?.kind == .credential)

            // Not in the database's bytes, only its hash.
            let path = network.store.path
            var bytes = Data()
            for suffix in ["", "-wal"] { bytes += FileManager.default.contents(atPath: path + suffix) ?? Data() }
            #expect(bytes.range(of: Data(created.token.utf8)) == nil)
            #expect(bytes.range(of: Data(stored.hash.hex.utf8)) != nil)
        }
    }

    @Test func anExpiredOrUnknownTokenIsRefused() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let token = "enroll-" + String(repeating: "7", count: 64)
            try await network.store.createEnrollmentToken(EnrollmentTokenRecord(
                hash: ContentHash(of: Array(token.utf8)), provider: network.provider.account,
                createdAt: Date().addingTimeInterval(-90_000), expiresAt: Date().addingTimeInterval(-3_600)))
            let key = Curve25519.Signing.PrivateKey()
            let expired = try await Self.connect(network, key: key, credential: .enrollmentToken(token))
            #expect(Self.refusal(expired)?.reason.contains("the enrollment token expired at") == true)
            #expect(Self.refusal(expired)?.kind == .credential)
            #expect(try await network.store.workerProvider(Self.id(key)) == nil)

            let unknown = try await Self.connect(network, key: key, credential: .enrollmentToken("enroll-" + String(repeating: "8", count: 64)))
            #expect(Self.refusal(unknown)?.reason == "the enrollment token is not known to this coordinator")
        }
    }

    @Test func onlyAProviderKeyCreatesEnrollmentTokens() async throws {
        try await TestNetwork.with(workers: 0) { network in
            for client in [network.client, network.operatorClient] {
                let error = await #expect(throws: Problem.self) { try await client.createEnrollmentToken() }
                #expect(error?.status == 403)
                #expect(error?.detail.contains("only a provider account's API key can create enrollment tokens") == true)
            }
            let anonymous = await #expect(throws: Problem.self) { try await network.client.with(apiKey: nil).createEnrollmentToken() }
            #expect(anonymous?.status == 401)
        }
    }

    @Test func theHandshakeSignatureCoversTheCredential() async throws {
        try await TestNetwork.with(workers: 0) { network in
            // A relay that passes the device's signature on but puts its own credential in the hello.
            let other = try await network.operatorClient.createAccount(NewAccount(name: "mallory", role: .provider))
            let key = Curve25519.Signing.PrivateKey()
            let heard = try await Self.connect(
                network, key: key, credential: .apiKey(other.apiKey), signedCredential: .some(network.providerCredential))
            #expect(Self.refusal(heard)?.reason.contains("does not verify") == true)
            #expect(try await network.store.workerProvider(Self.id(key)) == nil)
        }
    }

    @Test func aWorkerRefusedForGoodStopsAndSaysWhy() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let index = try await network.startWorker(name: "unenrolled", slots: 1, credential: .some(nil))
            let ended = try await network.exitOfWorker(index, within: .seconds(20))
            guard case .failure(let error) = ended else { Issue.record("the worker ended without an error"); return }
            let refused = try #require(error as? WorkerRefusedError, "\(error)")
            #expect(refused.kind == .credential)
            #expect(refused.description.contains("is not enrolled with a provider"))
        }
    }
}
