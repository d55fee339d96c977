import GridCore
import GridStore
import Logging

/// Writes accepted results to the store in batches (group commit).
///
/// While one transaction is being written, new results gather; the next transaction takes them
/// all. Under load a transaction carries hundreds of results, and when idle a result is written
/// at once, so the hot path never waits on the disk per task while every result is still durable
/// before anyone is told about it.
actor ResultRecorder {
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
