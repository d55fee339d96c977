import Crypto
import Foundation
import HummingbirdWSClient
import Synchronization
import GridClient
import GridCoordinator
import GridCore
import GridLedger
import GridStore
import Testing

@Suite("Workers and coordinators that fail lose nothing", .serialized)
struct FaultTests {
    @Test func aWorkerKilledMidTaskDoesNotFailTheJob() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let module = try await network.client.uploadModule(Guest.bytes("primes"))
            // About 1.2 s of work in a release build (7.2 × 10^9 fuel): long enough that the kill
            // lands mid-run, not after a result already on its way.
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(arguments: ["100000000"])]))
            // Wait until the only worker holds the task, then kill it mid-run.
            let deadline = ContinuousClock.now + .seconds(20)
            while try await network.client.status().busySlots == 0 {
                guard ContinuousClock.now < deadline else { throw TestFailure("the task never started") }
                try await Task.sleep(for: .milliseconds(10))
            }
            let first = try await network.client.workers().first!.id
            await network.killWorker(0)
            try await network.startWorker(name: "replacement", slots: 1)
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(60))
            #expect(done.state == .completed)
            let results = try await network.client.results(of: job.id).results
            #expect(results.count == 1)
            #expect(String(decoding: results[0].output, as: UTF8.self) == "5761455\n")
            #expect(results[0].worker != first)
        }
    }

    @Test func cancellingAJobStopsItsReplicas() async throws {
        try await TestNetwork.with(workers: 1, slots: 2) { network in
            let module = try await network.client.uploadModule(Guest.bytes("spin"))
            let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 60_000)
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput(), TaskInput()], limits: limits))
            while try await network.client.status().busySlots < 2 { try await Task.sleep(for: .milliseconds(10)) }
            let cancelled = try await network.client.cancel(job.id)
            #expect(cancelled.state == .cancelled)
            // Written before the answer, so a restart does not run it again.
            let row = try await network.store.job(job.id)
            #expect(row?.state == .cancelled && row?.finishedAt != nil)
            let status = try await network.client.status()
            #expect(status.busySlots == 0)
            #expect(status.queueDepth == 0)
            // The freed slots take new work at once.
            let quick = try await network.client.uploadModule(Guest.bytes("hello"))
            let next = try await network.client.submit(JobSubmission(module: quick.hash, tasks: [TaskInput()]))
            #expect(try await network.client.waitForCompletion(of: next.id, timeout: .seconds(20)).state == .completed)
            #expect(try await network.client.job(job.id).state == .cancelled)
        }
    }

    @Test func aJobPastItsDeadlineExpires() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let module = try await network.client.uploadModule(Guest.bytes("spin"))
            let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 60_000)
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput()], limits: limits, deadlineSeconds: 1))
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(20))
            #expect(done.state == .expired)
            #expect(try await network.client.status().busySlots == 0)
        }
    }

    @Test func aRunTheWallClockLimitStopsIsNeverTakenAsTheResult() async throws {
        try await TestNetwork.with(workers: 2, slots: 1) { network in
            let module = try await network.client.uploadModule(Guest.bytes("spin"))
            let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 300)
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput()], limits: limits))
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(30))
            // Where the watchdog stops a run depends on the machine: two stops, and it is given up.
            #expect(done.state == .failed)
            #expect(done.tasksFinished == 0)
            #expect(try await network.client.results(of: job.id).results.isEmpty)
        }
    }

    @Test func replicasOfOneTaskNeverShareAWorker() async throws {
        try await TestNetwork.with(workers: 1, slots: 4) { network in
            let module = try await network.client.uploadModule(Guest.bytes("primes"))
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(arguments: ["1000"])], replicas: 2))
            // One worker can run only one of the two replicas, so the task waits for a second
            // worker, and says so.
            try await waitUntil("the job says it needs a second worker") {
                try await network.client.job(job.id).waitingReason == "its tasks need 2 distinct workers and 1 is online"
            }
            #expect(try await network.client.job(job.id).tasksFinished == 0)
            try await network.startWorker(name: "second", slots: 1)
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(30))
            #expect(done.state == .completed)
            #expect(String(decoding: try await network.client.results(of: job.id).results[0].output, as: UTF8.self) == "168\n")
        }
    }

    @Test func aCoordinatorKilledWithSIGKILLFinishesEveryAcceptedTaskOnceAfterRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-kill-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("grid.sqlite").path
        let operatorKey = String(repeating: "ab", count: 32)

        var coordinator = try await CoordinatorProcess.start(database: database, port: 0, operatorKey: operatorKey)
        let port = coordinator.port
        let operatorClient = GridClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: operatorKey)
        let account = try await operatorClient.createAccount(NewAccount(name: "alice", role: .client))
        let client = operatorClient.with(apiKey: account.apiKey)
        _ = try await operatorClient.deposit(NewDeposit(amount: Amount(baseUnits: 1000 * Amount.baseUnitsPerGRID)), to: account.account)
        let provider = try await operatorClient.createAccount(NewAccount(name: "acme", role: .provider))
        let workers = try await ExternalWorkers(
            coordinator: URL(string: "http://127.0.0.1:\(port)")!, count: 2, directory: directory, credential: .apiKey(provider.apiKey))
        do {
            let module = try await client.uploadModule(Guest.bytes("primes"))
            // About a quarter of a second each in a release build (1.4 × 10^9 fuel): the kill lands
            // with most of the job to do.
            let bounds = (1...16).map { 20_000_000 + $0 * 1_000 }
            let job = try await client.submit(JobSubmission(module: module.hash, tasks: bounds.map { TaskInput(arguments: ["\($0)"]) }))
            let deadline = ContinuousClock.now + .seconds(30)
            while try await client.job(job.id).tasksFinished < 2 {
                guard ContinuousClock.now < deadline else { throw TestFailure("no progress before the kill") }
                try await Task.sleep(for: .milliseconds(5))
            }
            let finishedBeforeKill = try await client.job(job.id).tasksFinished
            // An auditor's view before the kill: the hold and the first charges.
            let before = try await LedgerAuditor(source: client).audit()
            let key = try await client.verifierKey()
            coordinator.kill()
            #expect(finishedBeforeKill < bounds.count)
            coordinator = try await CoordinatorProcess.start(database: database, port: port, operatorKey: operatorKey)
            let done = try await client.waitForCompletion(of: job.id, timeout: .seconds(90))
            #expect(done.state == .completed)
            let results = try await client.results(of: job.id).results
            #expect(results.count == bounds.count)
            #expect(Set(results.map(\.index)).count == bounds.count)
            let primes = results.sorted { $0.index < $1.index }.map { String(decoding: $0.output, as: UTF8.self) }
            #expect(primes.first == "1270677\n")  // primes below 20,001,000 (checked with a Python sieve)

            // Money after the restart: the log, signed by the same kept key, extends what the
            // auditor saw; replayed from zero it gives the client's balance, escrow all released,
            // and every account together holds what was minted less what was burned.
            // A job whose tasks all succeeded is told completed before its end row, which releases
            // the escrow, commits (WorkBroker.finish); the statement is read once it has.
            try await waitUntil("the job's end has released its escrow") { try await client.statement().balance.held == .zero }
            let statement = try await client.statement()
            // The served tree takes the rows once the commit is reported.
            try await waitUntil("the signed checkpoint covers every stored row") {
                let size = try Checkpoint(text: try SignedNote(parsing: try await client.checkpoint()).text).size
                return try await size == client.ledgerRows().size
            }
            let after = try await LedgerAuditor(source: client, trustedKey: key).audit(since: before.note)
            #expect(after.previous?.size == before.checkpoint.size && after.checkpoint.size > before.checkpoint.size)
            #expect(statement.balance.held == .zero)
            #expect(after.balances[account.account] == statement.balance)
            let everyone = try after.balances.values.reduce(Amount.zero) { try $0 + $1.total() }
            #expect(try after.minted - after.burned == everyone - after.balances[SystemAccount.burn.id, default: AccountBalance()].total())
            await workers.stop()
            coordinator.terminate()
        } catch {
            await workers.stop()
            coordinator.kill()
            throw error
        }
    }
}

@Suite("Workers that go quiet or leave", .serialized)
struct WorkerDepartureTests {
    @Test func aWorkerThatNeverAcknowledgesIsMarkedDownAndItsWorkMoves() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.ackTimeout = .milliseconds(300)
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let module = try await network.client.uploadModule(Guest.bytes("primes"))
            // A worker that authenticates properly, then ignores its assignments.
            let key = Curve25519.Signing.PrivateKey()
            let silent = Task {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(network.port)/v1/worker", logger: TestNetwork.logger) { inbound, outbound, _ in
                    let hello = WorkerProtocolTests.hello(key, credential: network.providerCredential)
                    try await outbound.write(.text(String(decoding: try WireCoding.encode(WorkerMessage.hello(hello)), as: UTF8.self)))
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message,
                              case .challenge(let nonce) = try WireCoding.decode(CoordinatorMessage.self, from: Data(text.utf8))
                        else { continue }
                        let signature = try key.signature(for: WorkerProtocol.helloStatement(nonce: nonce, credential: hello.credential))
                        try await outbound.write(.text(String(decoding: try WireCoding.encode(WorkerMessage.authenticate(signature: signature)), as: UTF8.self)))
                    }
                }
            }
            try await network.waitForWorkers(1)
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(arguments: ["1000"])]))
            // The silent worker gets the task, does not acknowledge, and is dropped.
            let deadline = ContinuousClock.now + .seconds(10)
            while try await network.client.status().workers > 0 {
                guard ContinuousClock.now < deadline else { throw TestFailure("the silent worker was never marked down") }
                try await Task.sleep(for: .milliseconds(20))
            }
            _ = await silent.result
            try await network.startWorker(name: "honest", slots: 1)
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(30))
            #expect(done.state == .completed)
            #expect(String(decoding: try await network.client.results(of: job.id).results[0].output, as: UTF8.self) == "168\n")
        }
    }

    @Test func aDrainingWorkerFinishesWhatItHoldsBeforeLeaving() async throws {
        var options = TestNetwork.testOptions(CoordinatorConfiguration())
        // The whole suite in parallel on two cores can make this run take seconds; the worker
        // must finish it, not hand it back for running past a short drain timeout.
        options.drainTimeout = .seconds(60)
        try await TestNetwork.with(workers: 1, slots: 1, options: options) { network in
            let module = try await network.client.uploadModule(Guest.bytes("primes"))
            // About 1.2 s in a release build: still running when the drain begins.
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(arguments: ["100000000"])]))
            while try await network.client.status().busySlots == 0 { try await Task.sleep(for: .milliseconds(10)) }
            // busySlots counts the replica once it is dispatched; give the assignment time to
            // reach the worker, or the worker rightly hands it back instead of finishing it.
            try await Task.sleep(for: .milliseconds(150))
            let worker = try #require(try await network.client.workers().first, "the worker left before the drain").id
            await network.drainWorker(0)
            // The draining worker finished the task before it left; no other worker exists.
            let summary = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(60))
            #expect(summary.state == .completed)
            let results = try await network.client.results(of: job.id).results
            #expect(results.first?.worker == worker)
            #expect(try await network.client.status().workers == 0)
        }
    }
}

@Suite("Workers that lie", .serialized)
struct LyingWorkerTests {
    /// A worker that authenticates with `key`, acknowledges its assignments, and answers each with
    /// a result signed by `signer`; returns everything the coordinator said until it closed.
    func lie(
        port: Int, key: Curve25519.Signing.PrivateKey, signer: Curve25519.Signing.PrivateKey, credential: ProviderCredential?
    ) async throws -> [CoordinatorMessage] {
        let hello = WorkerProtocolTests.hello(key, credential: credential)
        let heard = Mutex<[CoordinatorMessage]>([])
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/worker", logger: TestNetwork.logger) { inbound, outbound, _ in
            func send(_ message: WorkerMessage) async throws {
                try await outbound.write(.text(String(decoding: try WireCoding.encode(message), as: UTF8.self)))
            }
            try await send(.hello(hello))
            for try await frame in inbound.messages(maxSize: 1 << 20) {
                let message = try frame.coordinatorMessage()
                heard.withLock { $0.append(message) }
                switch message {
                case .challenge(let nonce):
                    try await send(.authenticate(signature: key.signature(for: WorkerProtocol.helloStatement(nonce: nonce, credential: hello.credential))))
                case .assign(let assignments):
                    try await send(.acknowledge(assignments.map(\.replica)))
                    let forged = try assignments.map { assignment in
                        let output = Data("forged\n".utf8)
                        return try ReplicaResult(
                            replica: assignment.replica, termination: "exited:0", succeeded: true, output: output, stderr: Data(),
                            outputHash: ContentHash(of: output), fuelUsed: 1, wallMicroseconds: 1, peakMemoryBytes: 65_536
                        ).signed(with: signer)
                    }
                    try await send(.results(forged))
                default:
                    break
                }
            }
        }
        return heard.withLock { $0 }
    }

    @Test func aWorkerWhoseResultSignatureDoesNotVerifyIsFlaggedAndItsTaskRunsElsewhere() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let module = try await network.client.uploadModule(Guest.bytes("primes"))
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(arguments: ["100"])]))
            let key = Curve25519.Signing.PrivateKey()
            let heard = try await lie(port: network.port, key: key, signer: Curve25519.Signing.PrivateKey(), credential: network.providerCredential)
            guard case .refused(let reason, let kind)? = heard.last else { Issue.record("not refused: \(heard)"); return }
            #expect(reason.contains("does not verify"))
            #expect(kind == .flagged)
            // Flagged: the same device key may not come back, and is not welcomed first.
            let again = try await lie(port: network.port, key: key, signer: key, credential: nil)
            guard case .refused(let second, let secondKind)? = again.last else { Issue.record("reconnected: \(again)"); return }
            #expect(second.contains("flagged"))
            #expect(secondKind == .flagged)
            #expect(!again.contains { if case .welcome = $0 { true } else { false } })
            // The forged result was not recorded; an honest worker runs the task.
            #expect(try await network.client.job(job.id).tasksFinished == 0)
            try await network.startWorker(name: "honest", slots: 1)
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(30))
            #expect(done.state == .completed)
            #expect(String(decoding: try await network.client.results(of: job.id).results[0].output, as: UTF8.self) == "25\n")
        }
    }
}
