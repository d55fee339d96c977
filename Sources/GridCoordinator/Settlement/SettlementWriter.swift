import Foundation
package import GridCore
package import GridStore
package import Logging
import ServiceLifecycle
import Synchronization

/// The one ordered path to the store: new jobs, accepted results, every replica's result with
/// its verdict, given-up tasks with their reasons, job ends and worker flags, batched, one
/// transaction per batch, in the order they were handed in.
///
/// Entries are handed in synchronously (``append(_:)``), so the broker never leaves an effect to
/// an unstructured task and two effects can never swap places. While one transaction is written,
/// new entries gather for the next; under load a transaction carries hundreds, idle it carries
/// one. Only after a commit is anyone told (``Handler/committed(_:)``), so nobody hears of a
/// result that is not durable.
///
/// A batch the store refuses is split in order-preserving halves until the entry at fault is
/// alone; that entry is reported (``Handler/refused(_:because:)``) with the store's reason and
/// every other entry is written. A failure of the database itself (locked, full, gone) is retried
/// until it passes, keeping order. On graceful shutdown the writer finishes what it was given
/// (for up to ``drainTimeout``) before it exits.
package final class SettlementWriter: Service, Sendable {
    /// One durable effect.
    package enum Entry: Sendable {
        case job(NewJob)
        case result(ResultRecord)
        case replica(ReplicaRecord)
        case givenUp(GivenUpTaskRecord)
        case jobEnd(JobEnd)
        case flag(WorkerFlag)
        case priceEpoch(PriceEpochRecord)

        /// The job the entry belongs to, if any.
        package var job: JobID? {
            switch self {
            case .job(let new): new.job.id
            case .result(let result): result.job
            case .replica(let replica): replica.job
            case .givenUp(let task): task.job
            case .jobEnd(let end): end.job
            case .flag, .priceEpoch: nil
            }
        }
    }

    /// Who hears what was written.
    package struct Handler: Sendable {
        /// The memberwise initializer, spelled out so the package's tests can reach it.
        package init(committed: @escaping @Sendable ([Entry], [LedgerRecord]) async -> Void, refused: @escaping @Sendable (Entry, StoreError) async -> Void) {
            self.committed = committed
            self.refused = refused
        }

        /// Called after each commit with the entries it made durable, in order, and the ledger
        /// rows it appended.
        package var committed: @Sendable ([Entry], [LedgerRecord]) async -> Void
        /// Called for an entry the store refused, with the reason; it is not written.
        package var refused: @Sendable (Entry, StoreError) async -> Void
    }

    /// The longest a graceful shutdown waits for pending entries.
    package static let drainTimeout: Duration = .seconds(10)

    private struct Waiting: Sendable {
        let entry: Entry
        /// Told when the entry is durable, or why it was refused.
        let done: (@Sendable (StoreError?) -> Void)?
    }

    private struct State {
        var waiting: [Waiting] = []
        /// Job rows held back until an entry refers to their job or their window ends.
        var deferred: [JobID: (waiting: Waiting, until: ContinuousClock.Instant)] = [:]
        /// Entries of the batch being written now.
        var writing = 0
        var handler: Handler?
        var stopping = false
    }

    private let store: any GridStore
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// Told when a row is held back, so the window watcher starts looking.
    private let deferralsAdded: AsyncStream<Void>
    private let deferrals: AsyncStream<Void>.Continuation

    package init(store: any GridStore, logger: Logger) {
        self.store = store
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (deferralsAdded, deferrals) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Sets who is told about commits and refusals; call before ``run()``.
    package func setHandler(_ handler: Handler) {
        state.withLock { $0.handler = handler }
    }

    /// Hands entries in, in order; they are written in the next transaction.
    package func append(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        state.withLock { state in
            for entry in entries {
                // A held-back job row goes first: its results refer to it.
                if !state.deferred.isEmpty, let job = entry.job, let held = state.deferred.removeValue(forKey: job) {
                    state.waiting.append(held.waiting)
                }
                state.waiting.append(Waiting(entry: entry, done: nil))
            }
        }
        wake.yield()
    }

    /// Hands one entry in, in order with every other entry handed in, and returns a receipt to
    /// wait on until it is durable. (A new job: its id is returned to the client only once it is
    /// stored.) Synchronous, so a caller on an actor places the entry before anything it does
    /// next: a job's row before the results of replicas it then dispatches.
    package func enqueue(_ entry: Entry) -> Receipt {
        let receipt = Receipt()
        state.withLock { $0.waiting.append(Waiting(entry: entry, done: receipt.settle)) }
        wake.yield()
        return receipt
    }

    /// Hands in a new job's row like ``enqueue(_:)``, but holds it back for up to `window` so
    /// that it commits with the first entry of that job.
    package func enqueue(_ new: NewJob, deferredFor window: Duration) -> Receipt {
        let until = ContinuousClock.now + window
        let receipt = Receipt()
        let waiting = Waiting(entry: .job(new), done: receipt.settle)
        state.withLock { state in
            if state.stopping {
                state.waiting.append(waiting)
            } else {
                state.deferred[new.job.id] = (waiting, until)
            }
        }
        // The window watcher (``watchDeferralWindows()``) starts looking.
        deferrals.yield()
        return receipt
    }

    /// Hands one entry in and waits until it is durable; throws the store's reason when the store
    /// refuses it.
    package func write(_ entry: Entry) async throws {
        try await enqueue(entry).durable()
    }

    /// Tells whoever waits when one entry is durable, or why the store refused it.
    package final class Receipt: Sendable {
        private struct State {
            var outcome: StoreError??
            var waiter: CheckedContinuation<StoreError?, Never>?
        }
        private let state = Mutex(State())

        /// Called by the writer once, after the commit (nil) or the refusal.
        @Sendable package func settle(_ refusal: StoreError?) {
            let waiter = state.withLock { state -> CheckedContinuation<StoreError?, Never>? in
                state.outcome = .some(refusal)
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: refusal)
        }

        /// Waits until the entry is durable; throws the store's reason when it was refused.
        package func durable() async throws {
            let refusal: StoreError? = await withCheckedContinuation { continuation in
                let known = state.withLock { state -> StoreError?? in
                    if state.outcome == nil { state.waiter = continuation }
                    return state.outcome
                }
                if let known { continuation.resume(returning: known) }
            }
            if let refusal { throw refusal }
        }
    }

    /// How often held-back rows are checked for windows that ended, while there are any.
    package static let deferralCheckInterval: Duration = .milliseconds(5)

    /// Wakes the run loop when a held-back row's window has ended; a child of ``run()``, idle
    /// while no row is held back.
    private func watchDeferralWindows() async {
        var added = deferralsAdded.makeAsyncIterator()
        while !Task.isCancelled {
            if state.withLock({ $0.deferred.isEmpty }) {
                guard await added.next() != nil else { return }
                continue
            }
            try? await Task.sleep(for: Self.deferralCheckInterval)
            let now = ContinuousClock.now
            if state.withLock({ $0.deferred.values.contains { $0.until <= now } }) { wake.yield() }
        }
    }

    /// Entries handed in and not yet written.
    package var backlog: Int {
        state.withLock { $0.waiting.count + $0.deferred.count + $0.writing }
    }

    /// Writes until graceful shutdown, then drains what it holds; a cancelled run stops at once.
    package func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watchDeferralWindows() }
                defer { group.cancelAll() }
                var iterator = wakeups.makeAsyncIterator()
                var drainDeadline: ContinuousClock.Instant?
                while true {
                    let (batch, stopping) = state.withLock { state in
                        // Rows whose window ended, or all of them when stopping, go on their own,
                        // in the order their windows ended.
                        if !state.deferred.isEmpty {
                            let now = ContinuousClock.now
                            let due = state.deferred.filter { state.stopping || $0.value.until <= now }
                            for (job, held) in due.sorted(by: { $0.value.until < $1.value.until }) {
                                state.deferred[job] = nil
                                state.waiting.append(held.waiting)
                            }
                        }
                        let batch = state.waiting
                        state.waiting = []
                        state.writing = batch.count
                        return (batch, state.stopping)
                    }
                    if !batch.isEmpty {
                        await write(batch, until: drainDeadline)
                        state.withLock { $0.writing = 0 }
                        continue
                    }
                    if stopping || Task.isCancelled { break }
                    guard await iterator.next() != nil else { break }
                    if state.withLock({ $0.stopping }), drainDeadline == nil {
                        drainDeadline = .now + Self.drainTimeout
                    }
                }
            }
            let left = backlog
            if left > 0 {
                logger.error("shutting down with \(left) settlement entries unwritten; their tasks run again after a restart")
            }
        } onGracefulShutdown: {
            self.state.withLock { $0.stopping = true }
            self.wake.yield()
        }
    }

    /// Writes `batch` in one transaction, isolating any entry the store refuses.
    private func write(_ batch: [Waiting], until deadline: ContinuousClock.Instant?) async {
        var delay = Duration.milliseconds(50)
        while true {
            do {
                let commit = try await store.commit(Self.settlementBatch(of: batch))
                // The broker hears first, so a client whose job row this commit made durable
                // finds the job's outcome already known when it asks (no wait to park).
                await handler?.committed(batch.map(\.entry), commit.ledger)
                for waiting in batch { waiting.done?(nil) }
                return
            } catch let error as StoreError where !error.isTransient {
                guard batch.count > 1 else {
                    // A job its owner cannot pay for is the client's doing (it hears 402), not a fault.
                    if error.shortfall != nil {
                        logger.info("the store refused \(Self.describe(batch[0].entry)): \(error.message)")
                    } else {
                        logger.error("the store refused \(Self.describe(batch[0].entry)): \(error.message)")
                    }
                    batch[0].done?(error)
                    await handler?.refused(batch[0].entry, error)
                    return
                }
                // Halves in order: an entry never lands before one it depends on (a job's row
                // before its results).
                let middle = batch.count / 2
                await write(Array(batch[..<middle]), until: deadline)
                await write(Array(batch[middle...]), until: deadline)
                return
            } catch {
                if Task.isCancelled || (deadline.map { ContinuousClock.now >= $0 } ?? false) {
                    logger.error("giving up on \(batch.count) settlement entries: \(error)")
                    return
                }
                // The database itself failed: keep the batch, in order, and try again shortly.
                logger.error("writing \(batch.count) settlement entries failed, retrying: \(error)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    private var handler: Handler? {
        state.withLock { $0.handler }
    }

    private static func settlementBatch(of entries: [Waiting]) -> SettlementBatch {
        var batch = SettlementBatch()
        for waiting in entries {
            switch waiting.entry {
            case .job(let job): batch.jobs.append(job)
            case .result(let result): batch.results.append(result)
            case .replica(let replica): batch.replicas.append(replica)
            case .givenUp(let task): batch.givenUp.append(task)
            case .jobEnd(let end): batch.jobEnds.append(end)
            case .flag(let flag): batch.flags.append(flag)
            case .priceEpoch(let epoch): batch.priceEpochs.append(epoch)
            }
        }
        return batch
    }

    private static func describe(_ entry: Entry) -> String {
        switch entry {
        case .job(let new): "job \(new.job.id)"
        case .result(let result): "the result of task \(result.index) of job \(result.job)"
        case .replica(let replica): "replica \(replica.replica) of task \(replica.index) of job \(replica.job)"
        case .givenUp(let task): "the reason task \(task.index) of job \(task.job) was given up"
        case .jobEnd(let end): "the end of job \(end.job) (\(end.state.rawValue))"
        case .flag(let flag): "the flag of worker \(flag.worker)"
        case .priceEpoch(let epoch): "pricing epoch \(epoch.epoch)"
        }
    }
}
