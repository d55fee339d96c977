import Foundation
import GridCoordinator
import GridCore
import GridStore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Settlement writer")
struct SettlementWriterTests {
    private static func result(_ job: JobID, _ index: Int) -> ResultRecord {
        let output = Data("42\n".utf8)
        return ResultRecord(
            job: job, index: index, replica: ReplicaID(), worker: WorkerID(), termination: "exited:0", succeeded: true,
            output: output, stderr: Data(), outputHash: ContentHash(of: output), fuelUsed: 7, wallMicroseconds: 10,
            peakMemoryBytes: 65_536, signature: Data(repeating: 1, count: 64), recordedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    private static var quiet: Logger {
        var logger = Logger(label: "writer-test")
        logger.logLevel = .critical
        return logger
    }

    @Test("on graceful shutdown the writer exits only after the entries it holds are written")
    func shutdownWaitsForPendingWrites() async throws {
        try await BrokerHarness.with { harness in
            let (job, tasks) = harness.job(tasks: 1)
            try await harness.store.insertJob(job, tasks: tasks)
            let writer = SettlementWriter(store: harness.store, logger: Self.quiet)
            let group = ServiceGroup(configuration: .init(services: [writer], logger: Self.quiet))
            let exited = Mutex(false)
            let running = Task {
                try await group.run()
                exited.withLock { $0 = true }
            }

            // Another connection holds the database's write lock, so the writer's commit waits.
            let other = try await SQLiteGridStore(path: harness.store.path)
            try await other.execute(rawSQL: "BEGIN IMMEDIATE")
            let result = Self.result(job.id, 0)
            writer.append([.result(result)])
            await group.triggerGracefulShutdown()
            try await Task.sleep(for: .milliseconds(300))
            #expect(exited.withLock { $0 } == false, "the writer exited with a write pending")

            try await other.execute(rawSQL: "COMMIT")
            try await running.value
            #expect(exited.withLock { $0 })
            #expect(try await harness.store.results(job: job.id) == [result])
            try await other.close()
        }
    }

    @Test("an entry the store refuses is isolated and reported with its reason; every other entry of its batch is written")
    func refusedEntryIsIsolated() async throws {
        try await BrokerHarness.with { harness in
            let (job, tasks) = harness.job(tasks: 3)
            try await harness.store.insertJob(job, tasks: tasks)
            let writer = SettlementWriter(store: harness.store, logger: Self.quiet)
            let refused = Mutex<[(SettlementWriter.Entry, StoreError)]>([])
            let committed = Mutex<Int>(0)
            writer.setHandler(.init(
                committed: { entries, _ in committed.withLock { $0 += entries.count } },
                refused: { entry, error in refused.withLock { $0.append((entry, error)) } }))
            // Held back by another connection's lock, so all five land in one batch.
            let other = try await SQLiteGridStore(path: harness.store.path)
            try await other.execute(rawSQL: "BEGIN IMMEDIATE")
            let running = Task { try await writer.run() }
            let stranger = JobID()
            writer.append([
                .result(Self.result(job.id, 0)), .result(Self.result(job.id, 1)),
                .result(Self.result(stranger, 0)),  // names a task that is not stored
                .result(Self.result(job.id, 2)), .jobEnd(JobEnd(job: job.id, state: .completed, finishedAt: Date())),
            ])
            try await Task.sleep(for: .milliseconds(100))
            try await other.execute(rawSQL: "COMMIT")
            try await harness.eventually("the batch is settled") { committed.withLock { $0 } == 4 }
            let refusals = refused.withLock { $0 }
            #expect(refusals.count == 1)
            if case .result(let result)? = refusals.first?.0 { #expect(result.job == stranger) } else { Issue.record("wrong entry refused") }
            #expect(refusals.first?.1 == .missingReference(""))
            #expect(try await harness.store.results(job: job.id).map(\.index) == [0, 1, 2])
            #expect(try await harness.store.job(job.id)?.state == .completed)
            running.cancel()
            try await other.close()
        }
    }

    @Test("a job written through the writer is durable when write returns, and a refused one throws the store's reason")
    func writeWaitsForItsCommit() async throws {
        try await BrokerHarness.with { harness in
            let writer = SettlementWriter(store: harness.store, logger: Self.quiet)
            let running = Task { try await writer.run() }
            let (job, tasks) = harness.job(tasks: 2)
            try await writer.write(.job(NewJob(job: job, tasks: tasks)))
            #expect(try await harness.store.job(job.id)?.id == job.id)
            var orphan = harness.job(tasks: 1)
            orphan.0.module = ContentHash(of: Data("no such module".utf8))
            orphan.1 = orphan.1.map { TaskRecord(job: orphan.0.id, index: $0.index, stdin: $0.stdin, arguments: $0.arguments, seed: $0.seed) }
            await #expect(throws: StoreError.missingReference("")) {
                try await writer.write(.job(NewJob(job: orphan.0, tasks: orphan.1)))
            }
            #expect(try await harness.store.job(orphan.0.id) == nil)
            running.cancel()
        }
    }

    @Test("a deferred job row commits in one transaction with its job's first result, and the submitter hears only then")
    func deferredRowJoinsItsFirstResult() async throws {
        try await BrokerHarness.with { harness in
            let writer = SettlementWriter(store: harness.store, logger: Self.quiet)
            let batches = Mutex<[[SettlementWriter.Entry]]>([])
            writer.setHandler(.init(committed: { entries, _ in batches.withLock { $0.append(entries) } }, refused: { _, _ in }))
            let running = Task { try await writer.run() }
            let (job, tasks) = harness.job(tasks: 1)
            let stored = Mutex(false)
            let submitter = Task {
                try await writer.enqueue(NewJob(job: job, tasks: tasks), deferredFor: .seconds(30)).durable()
                stored.withLock { $0 = true }
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(stored.withLock { $0 } == false, "the row was written before its window ended or a result came")
            #expect(try await harness.store.job(job.id) == nil)

            writer.append([.result(Self.result(job.id, 0))])
            try await submitter.value
            #expect(try await harness.store.results(job: job.id).count == 1)
            let written = batches.withLock { $0 }
            #expect(written.count == 1, "the row and its result took \(written.count) commits")
            #expect(written.first?.compactMap(\.job) == [job.id, job.id])
            running.cancel()
        }
    }

    @Test("a deferred job row with no results commits alone when its window ends; shutdown writes one at once")
    func deferredRowWindowEnds() async throws {
        try await BrokerHarness.with { harness in
            let writer = SettlementWriter(store: harness.store, logger: Self.quiet)
            let group = ServiceGroup(configuration: .init(services: [writer], logger: Self.quiet))
            let running = Task { try await group.run() }
            let (job, tasks) = harness.job(tasks: 1)
            let started = ContinuousClock.now
            try await writer.enqueue(NewJob(job: job, tasks: tasks), deferredFor: .milliseconds(200)).durable()
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            #expect(try await harness.store.job(job.id)?.id == job.id)

            // A short window behind a long one still ends on time.
            let (long, longTasks) = harness.job(tasks: 1)
            let longReceipt = writer.enqueue(NewJob(job: long, tasks: longTasks), deferredFor: .seconds(60))
            let (short, shortTasks) = harness.job(tasks: 1)
            let shortStarted = ContinuousClock.now
            try await writer.enqueue(NewJob(job: short, tasks: shortTasks), deferredFor: .milliseconds(100)).durable()
            // Far below the long window: a loaded CI machine can stall a short sleep for seconds.
            #expect(ContinuousClock.now - shortStarted < .seconds(30))
            #expect(try await harness.store.job(long.id) == nil)

            let (late, lateTasks) = harness.job(tasks: 1)
            let submitter = Task { try await writer.enqueue(NewJob(job: late, tasks: lateTasks), deferredFor: .seconds(60)).durable() }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            try await submitter.value
            try await longReceipt.durable()
            try await running.value
            #expect(try await harness.store.job(late.id)?.id == late.id)
            #expect(try await harness.store.job(long.id)?.id == long.id)
        }
    }

    @Test("a job's row is handed to the writer before any of its replicas is dispatched, so it always precedes their results")
    func jobRowPrecedesItsDispatch() async throws {
        // Asked at the moment a replica is matched to a worker: what does the writer hold?
        let pendingAtMatch = BacklogLog()
        try await BrokerHarness.with(matchPolicy: { writer in
            PendingSpy(writer: writer, seen: pendingAtMatch)
        }) { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            // The store is locked by another connection, so nothing handed in is written yet.
            let other = try await SQLiteGridStore(path: harness.store.path)
            try await other.execute(rawSQL: "BEGIN IMMEDIATE")
            let (job, tasks) = harness.job(tasks: 1)
            let submitted = Task { await harness.broker.submit(job, tasks: tasks) }
            try await harness.eventually("the replica is dispatched") { !worker.held(excluding: []).isEmpty }
            #expect(pendingAtMatch.seen.withLock { $0 } == [1], "the job's row was not with the writer when its replica was matched")
            await harness.broker.results(worker.id, try worker.held(excluding: []).map { try worker.result(for: $0) })
            try await other.execute(rawSQL: "COMMIT")
            #expect(await submitted.value == .accepted)
            try await harness.eventually("the result is stored") { try await harness.store.results(job: job.id).count == 1 }
            try await other.close()
        }
    }
}

/// The writer's backlog each time the policy below was asked.
private final class BacklogLog: Sendable {
    let seen = Mutex<[Int]>([])
}

/// A match policy that lets everything through and notes the writer's backlog each time it is asked.
private struct PendingSpy: MatchPolicy {
    let writer: SettlementWriter
    let seen: BacklogLog

    func check(_ job: JobRecord, on worker: WorkerCandidate) -> MatchVerdict {
        let backlog = writer.backlog
        seen.seen.withLock { $0.append(backlog) }
        return .fits
    }
}
