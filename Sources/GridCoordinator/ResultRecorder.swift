import GridCore
import GridStore
import Logging
import ServiceLifecycle

/// Writes accepted results to the store in batches (group commit).
///
/// While one transaction is being written, new results gather; the next transaction takes them
/// all. Under load a transaction carries hundreds of results, and when idle a result is written
/// at once, so the hot path never waits on the disk per task while every result is still durable
/// before anyone is told about it.
///
/// As a service it does nothing until graceful shutdown, then waits (up to ``drainTimeout``)
/// until every result it was given is written, so a coordinator stopped by SIGTERM keeps the
/// results its workers already delivered.
actor ResultRecorder: Service {
    /// The longest a graceful shutdown waits for pending results.
    static let drainTimeout: Duration = .seconds(10)

    private let store: any GridStore
    private let logger: Logger
    private var pending: [ResultRecord] = []
    private var writing = false
    /// Told, after each commit, which results are now durable.
    private var onCommit: (@Sendable ([ResultRecord]) async -> Void)?

    init(store: any GridStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Sets who is told about committed results.
    func setCommitHandler(_ handler: @escaping @Sendable ([ResultRecord]) async -> Void) {
        onCommit = handler
    }

    /// Waits for graceful shutdown, then for the writes still pending.
    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: a hard stop waits for nothing
        }
        let deadline = ContinuousClock.now + Self.drainTimeout
        while writing || !pending.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if !pending.isEmpty {
            logger.error("shutting down with \(pending.count) results unwritten; their tasks run again after a restart")
        }
    }

    /// Queues results for the next transaction.
    func record(_ results: [ResultRecord]) {
        pending += results
        guard !writing else { return }
        writing = true
        Task { await self.writeAll() }
    }

    private func writeAll() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await store.recordResults(batch)
                await onCommit?(batch)
            } catch {
                // The store is gone or full: keep the batch and retry shortly rather than lose it.
                logger.error("recording \(batch.count) results failed, retrying: \(error)")
                pending = batch + pending
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        writing = false
    }
}
