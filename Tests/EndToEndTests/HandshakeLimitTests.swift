import Crypto
import Foundation
import GridClient
import GridCoordinator
import GridCore
import Testing

/// What an unauthenticated connection may cost the coordinator: a few seconds and a few KiB.
@Suite("The worker handshake is bounded in time and size", .serialized)
struct HandshakeLimitTests {
    typealias Wire = WorkerProtocolTests

    static var quickHandshake: CoordinatorConfiguration {
        var configuration = CoordinatorConfiguration()
        configuration.handshakeTimeout = .milliseconds(300)
        return configuration
    }

    /// A deadline a loaded machine's hello still meets before it, so what is tested is the
    /// authentication that never comes.
    static var loadedMachineHandshake: CoordinatorConfiguration {
        var configuration = CoordinatorConfiguration()
        configuration.handshakeTimeout = .seconds(2)
        return configuration
    }

    @Test func aConnectionThatNeverSaysHelloIsRefusedAndClosedAtTheDeadline() async throws {
        try await TestNetwork.with(workers: 0, configuration: Self.quickHandshake) { network in
            // Converse throws if the coordinator keeps the connection open; its window is wide
            // because the whole suite at once on two cores can hold a close for seconds.
            let heard = try await Wire.converse(port: network.port, within: .seconds(30)) { _ in nil }
            guard case .refused(let reason, let kind)? = heard.last, heard.count == 1 else { Issue.record("heard \(heard)"); return }
            #expect(reason.contains("the handshake did not finish within 0.3 s"))
            #expect(kind == .transient)
        }
    }

    @Test func aConnectionThatNeverAuthenticatesIsRefusedAndClosedAtTheDeadline() async throws {
        try await TestNetwork.with(workers: 0, configuration: Self.loadedMachineHandshake) { network in
            let key = Curve25519.Signing.PrivateKey()
            let heard = try await Wire.converse(port: network.port, within: .seconds(30)) { message in
                message == nil ? try WireCoding.encode(WorkerMessage.hello(Wire.hello(key, credential: network.providerCredential))) : nil
            }
            guard heard.count == 2, case .challenge? = heard.first, case .refused(let reason, .transient)? = heard.last else {
                Issue.record("heard \(heard)")
                return
            }
            #expect(reason.contains("did not finish"))
            #expect(try await network.client.status().workers == 0)
        }
    }

    @Test func anHonestWorkerIsUnaffectedByTheDeadlineOnceWelcomed() async throws {
        // The worker stays past the deadline.
        try await TestNetwork.with(workers: 1, slots: 1, configuration: Self.loadedMachineHandshake) { network in
            let welcomed = try #require(try await network.client.workers().first?.connectedAt)
            try await Task.sleep(for: .milliseconds(2_500))
            let workers = try await network.client.workers()
            #expect(workers.count == 1)
            #expect(workers.first?.connectedAt == welcomed, "the same session, not a reconnect")
        }
    }

    /// A hello of `bytes` bytes (a long name; the coordinator would refuse the name, if it read it).
    static func bigHello(_ bytes: Int) throws -> Data {
        var hello = Wire.hello(Curve25519.Signing.PrivateKey())
        hello.name = String(repeating: "x", count: bytes)
        return try WireCoding.encode(WorkerMessage.hello(hello))
    }

    @Test func aLargeFrameBeforeAuthenticationClosesTheConnectionUnread() async throws {
        try await TestNetwork.with(workers: 0) { network in
            // One 512 KiB frame: over the frame limit, refused by the WebSocket layer before any decoding.
            let heard = try await Wire.converse(port: network.port, maxFrameSize: 1 << 20, within: .seconds(30)) { message in
                message == nil ? try Self.bigHello(512 << 10) : nil
            }
            #expect(heard.isEmpty, "the coordinator read the message: \(heard)")
        }
    }

    @Test func aLargeMessageInSmallFramesBeforeAuthenticationClosesTheConnectionUnread() async throws {
        try await TestNetwork.with(workers: 0) { network in
            // 64 KiB in 4 KiB frames: each frame within the limit, the message over the handshake's.
            let heard = try await Wire.converse(port: network.port, maxFrameSize: 4 << 10, within: .seconds(30)) { message in
                message == nil ? try Self.bigHello(64 << 10) : nil
            }
            #expect(heard.isEmpty, "the coordinator read the message: \(heard)")
            // A hello under the limit in the same small frames is read (and refused for its name).
            let small = try await Wire.converse(port: network.port, maxFrameSize: 1 << 10, within: .seconds(30)) { message in
                message == nil ? try Self.bigHello(6 << 10) : nil
            }
            guard case .refused(let reason, _)? = small.last else { Issue.record("heard \(small)"); return }
            #expect(reason.contains("name must have 1 to 128 characters"))
        }
    }

    @Test func largeInputsAndOutputsStillCrossOnceAuthenticated() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let module = try await network.client.uploadModule(Guest.bytes("echo"))
            let input = Data((0..<(300 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let done = try await network.client.run(
                JobSubmission(module: module.hash, tasks: [TaskInput(stdin: input), TaskInput(stdin: input)]), timeout: .seconds(30))
            #expect(done.state == .completed)
            let results = try await network.client.results(of: done.id).results
            #expect(results.count == 2)
            #expect(results.allSatisfy { $0.output == input })
        }
    }
}
