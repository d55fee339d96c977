import Crypto
import Foundation
import GridCoordinator
import GridCore
import GridSandbox
import GridStore
import HummingbirdWSClient
import Logging
import Synchronization
import Testing

@Suite("The worker endpoint refuses impostors", .serialized)
struct WorkerProtocolTests {
    /// Connects, says what `script` answers to each message (nil: the first), and returns what the
    /// coordinator said until it closed; a conversation longer than `within` is a test failure.
    static func converse(
        port: Int, maxFrameSize: Int = 1 << 14, within timeout: Duration = .seconds(30),
        _ script: @escaping @Sendable (CoordinatorMessage?) throws -> Data?
    ) async throws -> [CoordinatorMessage] {
        let heard = Mutex<[CoordinatorMessage]>([])
        let conversation = Task {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/worker", configuration: .init(maxFrameSize: maxFrameSize), logger: Logger(label: "test")
            ) { inbound, outbound, _ in
                if let first = try script(nil) {
                    try await outbound.write(.text(String(decoding: first, as: UTF8.self)))
                }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard let decoded = try? message.coordinatorMessage() else { continue }
                    heard.withLock { $0.append(decoded) }
                    if let reply = try script(decoded) {
                        try await outbound.write(.text(String(decoding: reply, as: UTF8.self)))
                    }
                }
            }
        }
        let timer = Task {
            try await Task.sleep(for: timeout)
            conversation.cancel()
        }
        defer { timer.cancel() }
        // A connection the coordinator ends abruptly (a frame over its limit) may end in an error;
        // what was heard until then is the answer.
        _ = await conversation.result
        guard !conversation.isCancelled else {
            throw TestFailure("the coordinator kept the connection open for \(timeout); heard \(heard.withLock { $0 })")
        }
        return heard.withLock { $0 }
    }

    func converse(port: Int, _ script: @escaping @Sendable (CoordinatorMessage?) throws -> Data?) async throws -> [CoordinatorMessage] {
        try await Self.converse(port: port, script)
    }

    static func hello(
        _ key: Curve25519.Signing.PrivateKey, determinismClass: String = Sandbox.determinismClass, price: Int128 = 0,
        credential: ProviderCredential? = nil
    ) -> WorkerHello {
        WorkerHello(
            publicKey: key.publicKey.rawRepresentation, name: "impostor", slots: 1, cores: 1, memoryBytes: 1 << 30,
            fuelPerSecond: 1, region: "local", claimedTier: .untrustedConsumer,
            prices: WorkerPrices(cpuPerFuel: Amount(baseUnits: price)), determinismClass: determinismClass, credential: credential)
    }

    /// An honest worker's side of the handshake: `hello`, then the nonce (and the hello's
    /// credential, or `signedCredential` when given) signed by `signer`.
    static func handshake(
        _ message: CoordinatorMessage?, hello: WorkerHello, signer: Curve25519.Signing.PrivateKey,
        signedCredential: ProviderCredential?? = .none
    ) throws -> Data? {
        switch message {
        case nil:
            return try WireCoding.encode(WorkerMessage.hello(hello))
        case .challenge(let nonce)?:
            let statement = WorkerProtocol.helloStatement(nonce: nonce, credential: signedCredential ?? hello.credential)
            return try WireCoding.encode(WorkerMessage.authenticate(signature: signer.signature(for: statement)))
        default:
            return nil
        }
    }

    @Test func aSignatureThatDoesNotVerifyIsRefused() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let key = Curve25519.Signing.PrivateKey()
            let other = Curve25519.Signing.PrivateKey()
            // Signed with a key other than the one announced.
            let heard = try await converse(port: network.port) { try Self.handshake($0, hello: Self.hello(key), signer: other) }
            guard case .refused(let reason, let kind)? = heard.last else { Issue.record("not refused: \(heard)"); return }
            #expect(reason.contains("does not verify"))
            #expect(kind == .invalid && kind.isFinal)
            #expect(try await network.client.status().workers == 0)
        }
    }

    @Test func unboundedMemoryAndSpeedClaimsAreRefused() async throws {
        try await TestNetwork.with(workers: 0) { network in
            var greedyHello = Self.hello(Curve25519.Signing.PrivateKey())
            greedyHello.memoryBytes = 1 << 50
            let greedy = greedyHello
            let heard = try await converse(port: network.port) { message in
                message == nil ? try WireCoding.encode(WorkerMessage.hello(greedy)) : nil
            }
            guard case .refused(let reason, _)? = heard.last else { Issue.record("not refused: \(heard)"); return }
            #expect(reason.contains("memoryBytes must be between 16 MiB and 16 TiB"))
            var fastHello = Self.hello(Curve25519.Signing.PrivateKey())
            fastHello.fuelPerSecond = 1 << 60
            let fast = fastHello
            let second = try await converse(port: network.port) { message in
                message == nil ? try WireCoding.encode(WorkerMessage.hello(fast)) : nil
            }
            guard case .refused(let other, _)? = second.last else { Issue.record("not refused: \(second)"); return }
            #expect(other.contains("fuelPerSecond must be between 1 and 10^11"))
        }
    }

    @Test func anotherProtocolVersionIsRefused() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let heard = try await converse(port: network.port) { message in
                message == nil ? Data(#"{"v":99,"type":"hello","body":{}}"#.utf8) : nil
            }
            guard case .refused(let reason, let kind)? = heard.last else { Issue.record("not refused: \(heard)"); return }
            #expect(reason.contains("protocol version 99 is not supported"))
            #expect(kind == .incompatible)
        }
    }

    @Test func aMismatchedSandboxIsRefused() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let heard = try await converse(port: network.port) { message in
                message == nil ? try WireCoding.encode(WorkerMessage.hello(Self.hello(Curve25519.Signing.PrivateKey(), determinismClass: "wasmtime-1/arm64"))) : nil
            }
            guard case .refused(let reason, let kind)? = heard.last else { Issue.record("not refused: \(heard)"); return }
            #expect(reason.contains("wasmtime-1/arm64"))
            #expect(kind == .incompatible)
        }
    }

    @Test(arguments: [Int128(-5), Amount.baseUnitsPerGRID + 1, Int128(170_141_183_460_469_231_731)])
    func aNegativeOrAbsurdPriceIsRefused(price: Int128) async throws {
        try await TestNetwork.with(workers: 0) { network in
            let heard = try await converse(port: network.port) { message in
                message == nil ? try WireCoding.encode(WorkerMessage.hello(Self.hello(Curve25519.Signing.PrivateKey(), price: price))) : nil
            }
            guard case .refused(let reason, let kind)? = heard.last else { Issue.record("not refused: \(heard)"); return }
            #expect(reason.contains("prices.cpuPerFuel must be between 0 and 1000000000000000000 base units (1 GRID) per fuel, not \(price)"))
            #expect(kind == .invalid)
            // Nobody's quote is broken by it.
            #expect(try await network.client.price().workersOnline == 0)
        }
    }

    @Test func anHonestWorkersCapabilitiesAndPricesAreListed() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let key = Curve25519.Signing.PrivateKey()
            let connected = Mutex(false)
            let listening = Task {
                try await converse(port: network.port) { message in
                    if case .welcome? = message { connected.withLock { $0 = true } }
                    return try Self.handshake(message, hello: Self.hello(key, price: 700, credential: network.providerCredential), signer: key)
                }
            }
            let deadline = ContinuousClock.now + .seconds(20)
            while !connected.withLock({ $0 }) {
                guard ContinuousClock.now < deadline else { throw TestFailure("the worker was not welcomed") }
                try await Task.sleep(for: .milliseconds(10))
            }
            let listed = try #require(try await network.client.workers().first)
            #expect(listed.id == WorkerID(publicKey: key.publicKey.rawRepresentation))
            #expect(listed.prices.cpuPerFuel == Amount(baseUnits: 700))
            // The same bid in the unit the price quote uses, so the two add up as they are.
            let perExafuel: Int128 = 700_000_000_000_000_000_000  // 700 base units per fuel, per 10^18 fuel
            #expect(listed.bid.baseUnitsPerExafuel == perExafuel)
            #expect(listed.slots == 1 && listed.tier == .untrustedConsumer && listed.region == "local")
            #expect(listed.provider == network.provider.account)
            listening.cancel()
        }
    }

    @Test func aWorkerFlaggedBeforeARestartIsStillRefused() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        try await store.migrate()
        let key = Curve25519.Signing.PrivateKey()
        try await store.flagWorker(WorkerID(publicKey: key.publicKey.rawRepresentation), reason: "forged result", at: Date())
        let network = try await TestNetwork(configuration: CoordinatorConfiguration(), store: store)
        do {
            let heard = try await converse(port: network.port) {
                try Self.handshake($0, hello: Self.hello(key, credential: network.providerCredential), signer: key)
            }
            guard case .refused(let reason, let kind)? = heard.last else { Issue.record("not refused: \(heard)"); await network.stop(); return }
            #expect(reason.contains("is flagged and may not reconnect"))
            #expect(kind == .flagged)
            // Refused before any welcome, so the worker does not take itself for connected.
            #expect(!heard.contains { if case .welcome = $0 { true } else { false } })
            #expect(try await network.client.status().workers == 0)
        } catch {
            await network.stop()
            throw error
        }
        await network.stop()
    }

    @Test func aFirstMessageThatIsNotHelloIsRefused() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let heard = try await converse(port: network.port) { message in
                message == nil ? try WireCoding.encode(WorkerMessage.draining) : nil
            }
            guard case .refused(let reason, let kind)? = heard.last else { Issue.record("not refused: \(heard)"); return }
            #expect(reason.contains("'hello'"))
            #expect(kind == .invalid)
        }
    }
}
