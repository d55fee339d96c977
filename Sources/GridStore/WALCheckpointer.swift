import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and a thread of its
/// own, so the writer does not.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold, on the
/// writing connection: the writer stops to copy (and sync) thousands of pages while every
/// result and job behind it waits. Measured with `perf` in `LedgerBenchmark`, that copy was an
/// eighth of the writer thread's time. A `PASSIVE` checkpoint on another connection copies the
/// same frames without taking the write lock, so the writer keeps appending meanwhile; the
/// writer's own automatic checkpoint stays on as a backstop and then finds little left to copy.
///
/// One checkpoint runs at a time, at most every ``interval`` while commits arrive, and none while
/// the store is idle. Checkpoints are not durability: every commit is already synced in the log.
final class WALCheckpointer: Sendable {
    /// The shortest time between two checkpoints: copying a hot page once per interval instead
    /// of once per commit.
    static let interval = TimeAmount.milliseconds(100)

    private enum Phase {
        /// Nothing committed since the last checkpoint.
        case idle
        /// A checkpoint is due when the timer fires.
        case scheduled(Scheduled<Void>)
        /// A checkpoint is running; `again` once a commit arrived during it.
        case running(again: Bool)
        /// ``close()`` waits for the running checkpoint.
        case closing(EventLoopPromise<Void>)
        case closed
    }

    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let phase = Mutex(Phase.idle)

    private init(connection: SQLiteConnection, threadPool: NIOThreadPool, eventLoop: any EventLoop, logger: Logger) {
        self.connection = connection
        self.threadPool = threadPool
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// Opens the checkpointing connection to the database at `path` (already in WAL mode).
    ///
    /// - Throws: ``StoreError/databaseFailure(_:)`` when the file cannot be opened.
    static func open(path: String, logger: Logger) async throws(StoreError) -> WALCheckpointer {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        do {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop
            ).get()
            do {
                _ = try await connection.query("PRAGMA busy_timeout=5000")
            } catch {
                try? await connection.close()
                throw error
            }
            return WALCheckpointer(connection: connection, threadPool: threadPool, eventLoop: eventLoop, logger: logger)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw .databaseFailure("cannot open \(path) for checkpoints: \(error)")
        }
    }

    /// Tells the checkpointer that a write committed: a checkpoint follows within ``interval``.
    func writerCommitted() {
        phase.withLock { phase in
            switch phase {
            case .idle:
                phase = scheduledCheckpoint()
            case .running:
                phase = .running(again: true)
            case .scheduled, .closing, .closed:
                break
            }
        }
    }

    /// The phase of a checkpoint due in ``interval``; call with the phase locked.
    private func scheduledCheckpoint() -> Phase {
        .scheduled(eventLoop.scheduleTask(in: Self.interval) { self.checkpoint() })
    }

    private func checkpoint() {
        let due = phase.withLock { phase in
            guard case .scheduled = phase else { return false }
            phase = .running(again: false)
            return true
        }
        guard due else { return }
        connection.query("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }.whenComplete { result in
            if case .failure(let error) = result {
                self.logger.warning("a background WAL checkpoint failed; the writer's own checkpoints go on", metadata: ["error": "\(error)"])
            }
            self.checkpointEnded()
        }
    }

    private func checkpointEnded() {
        let closing: EventLoopPromise<Void>? = phase.withLock { phase in
            switch phase {
            case .running(again: true):
                phase = scheduledCheckpoint()
            case .running(again: false):
                phase = .idle
            case .closing(let promise):
                phase = .closed
                return promise
            case .idle, .scheduled, .closed:
                break
            }
            return nil
        }
        if let closing { closing.completeWith(shutDown()) }
    }

    /// Waits for a running checkpoint, cancels a due one, and closes the connection. Later
    /// commits start none.
    func close() -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let closeNow = phase.withLock { phase in
            switch phase {
            case .idle:
                phase = .closed
                return true
            case .scheduled(let timer):
                timer.cancel()
                phase = .closed
                return true
            case .running:
                phase = .closing(promise)
                return false
            case .closing(let earlier):
                earlier.futureResult.cascade(to: promise)
                return false
            case .closed:
                promise.succeed()
                return false
            }
        }
        if closeNow { promise.completeWith(shutDown()) }
        return promise.futureResult
    }

    private func shutDown() -> EventLoopFuture<Void> {
        let threadPool = self.threadPool
        return connection.close().always { _ in threadPool.shutdownGracefully { _ in } }
    }
}
