import Foundation
import GridLedger
public import Logging
import NIOPosix
package import SQLiteKit
import Synchronization

/// The embedded ``GridStore``: one SQLite file, reached through SQLKit.
///
/// **One writer, one reader.** Every write runs on one SQLite connection, one call at a time,
/// in arrival order (``ConnectionGate``): SQLite serialises writers anyway, and one writing
/// connection makes `BEGIN`/`COMMIT` trivially belong to one call. Reads run on a second,
/// read-only connection with its own gate, so in WAL mode a client's balance check or an
/// auditor paging through the ledger never waits behind a settlement commit, and a commit
/// never waits behind them; a read sees every commit that returned before it began. (With a
/// rollback journal a reader would block commits, so reads share the writer's connection.)
/// The writer's statements, and the calls that hold it, run on a thread of their own
/// (``WriterExecutor``); reads run on SwiftNIO's shared thread pool; nothing blocks the caller.
/// Callers that write often should batch (``recordResults(_:)`` takes many results in one
/// transaction) rather than call once per row.
///
/// **Durability.** By default the file is in WAL mode with `synchronous=FULL`
/// (``Durability/powerSafe``): a call that has returned survives the process being killed and a
/// power cut alike, because money rows follow results through the same commits. Callers batch
/// (the settlement writer commits many results at once), so the sync is paid per batch.
///
/// **Cancellation.** A call, once made, runs to completion even if the calling task is cancelled,
/// so a transaction is never abandoned half-way on the shared connection.
///
/// Call ``close()`` when done.
public final class SQLiteGridStore: GridStore {
    /// The database file.
    public let path: String
    /// True for a store from ``temporary(logger:)``, whose files ``close()`` removes.
    public let isTemporary: Bool
    let connection: SQLiteConnection
    let database: any SQLDatabase
    /// The writing connection's gate (internal so tests can hold it, as a long commit would).
    package let gate = ConnectionGate()
    /// Where calls on the writing connection run.
    package let writerExecutor: WriterExecutor
    /// The read-only connection reads run on, nil when they share the writer's (no WAL).
    private let reader: Reader?
    /// Copies the log back into the database file beside the writer; nil without WAL.
    private let checkpointer: WALCheckpointer?
    /// A connection with the gate its calls queue at.
    private typealias Reader = (connection: SQLiteConnection, database: any SQLDatabase, gate: ConnectionGate)
    /// Signs the checkpoint kept with each transaction that appends ledger rows; none until
    /// ``signLedger(with:)``.
    let ledgerSigner = Mutex<NoteSigner?>(nil)

    /// Opens (creating if needed) the database file at `path`. Call ``migrate()`` before use.
    ///
    /// The directory must exist. Throws ``StoreError`` when the file cannot be opened as SQLite.
    public convenience init(
        path: String, durability: Durability = .powerSafe, logger: Logger = Logger(label: "idlegrid.store")
    ) async throws {
        try await self.init(path: path, isTemporary: false, durability: durability, logger: logger)
    }

    /// A new, empty database in a fresh file under the temporary directory, for `--dev` and
    /// tests; ``close()`` removes its files.
    ///
    /// A real file, not `:memory:`, so it behaves exactly like the production store (WAL,
    /// durability across reopen).
    public static func temporary(
        durability: Durability = .powerSafe, logger: Logger = Logger(label: "idlegrid.store")
    ) async throws -> SQLiteGridStore {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("idlegrid-\(UUID().uuidString.lowercased()).sqlite3").path
        return try await SQLiteGridStore(path: path, isTemporary: true, durability: durability, logger: logger)
    }

    private init(path: String, isTemporary: Bool, durability: Durability, logger: Logger) async throws {
        // A new database is readable by its owner alone: it holds inputs, outputs, memos and key
        // hashes. SQLite gives its -wal and -shm files the database file's mode.
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let writerExecutor = WriterExecutor()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: writerExecutor.threadPool, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            ).get()
        } catch {
            writerExecutor.stop()
            throw StoreError.databaseFailure("cannot open \(path): \(error)")
        }
        let database = connection.sql(queryLogLevel: .trace)
        do {
            let modes = try await database.raw(SQLQueryString("PRAGMA journal_mode=\(unsafeRaw: durability.journalMode)")).all()
            let mode = try modes.first.map { try StoredRow(row: $0, table: "pragma").string("journal_mode") }
            if mode != durability.journalMode {
                logger.warning(
                    "SQLite refused journal mode \(durability.journalMode)", metadata: ["path": "\(path)", "mode": "\(mode ?? "?")"])
            }
            try await database.raw(SQLQueryString("PRAGMA synchronous=\(unsafeRaw: durability.synchronous)")).run()
            try await database.raw("PRAGMA foreign_keys=ON").run()
            // The settlement path's indexes stay in a 64 MiB page cache (SQLite's default is 2 MiB).
            // The WAL is copied back by the WALCheckpointer beside the writer; the writer's own
            // checkpoint, every 8,000 pages rather than 1,000, is the backstop that restarts the log.
            try await database.raw("PRAGMA cache_size=-65536").run()
            try await database.raw("PRAGMA wal_autocheckpoint=8000").run()
            // Replaces SQLiteNIO's retry-forever busy handler: another process holding the file
            // makes a call fail after five seconds instead of hanging it.
            try await database.raw("PRAGMA busy_timeout=5000").run()
        } catch {
            try? await connection.close()
            writerExecutor.stop()
            throw Self.translate(error, path: path)
        }
        var reader: Reader?
        var checkpointer: WALCheckpointer?
        if durability.readersRunBesideTheWriter {
            do {
                reader = try await Self.openReader(path: path, logger: logger)
                checkpointer = try await WALCheckpointer.open(path: path, logger: logger)
            } catch {
                try? await reader?.connection.close()
                try? await connection.close()
                writerExecutor.stop()
                throw error
            }
        }
        self.path = path
        self.isTemporary = isTemporary
        self.connection = connection
        self.database = database
        self.reader = reader
        self.checkpointer = checkpointer
        self.writerExecutor = writerExecutor
    }

    /// The read-only second connection: `query_only` makes a write through it fail loudly
    /// instead of slipping past the writer's order.
    private static func openReader(
        path: String, logger: Logger
    ) async throws -> Reader {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw StoreError.databaseFailure("cannot open \(path) for reading: \(error)")
        }
        let database = connection.sql(queryLogLevel: .trace)
        do {
            try await database.raw("PRAGMA query_only=ON").run()
            try await database.raw("PRAGMA cache_size=-16384").run()
            try await database.raw("PRAGMA busy_timeout=5000").run()
        } catch {
            try? await connection.close()
            throw Self.translate(error, path: path)
        }
        return (connection, database, ConnectionGate())
    }

    deinit {
        // A forgotten close must not leak the handles (and SQLiteNIO asserts on it). The
        // future-returning close keeps a connection alive until it has closed; the writer's
        // thread stops only after its connection closed (stopping cancels what is queued).
        if let reader, !reader.connection.isClosed {
            _ = reader.connection.close()
        }
        _ = checkpointer?.close()
        let writerExecutor = self.writerExecutor
        if !connection.isClosed {
            connection.close().whenComplete { _ in writerExecutor.stop() }
        } else {
            writerExecutor.stop()
        }
    }

    /// Waits for calls in progress, then closes the connection; later calls throw
    /// ``StoreError/closed(path:)``. A temporary store's files are removed. Closing twice is harmless.
    public func close() async throws {
        let (gate, connection, reader, checkpointer, path, isTemporary) =
            (self.gate, self.connection, self.reader, self.checkpointer, self.path, self.isTemporary)
        let writerExecutor = self.writerExecutor
        try await Task {
            do {
                try await gate.acquire(path: path)
            } catch {
                return  // Already closed.
            }
            await gate.close()
            var failure: (any Error)?
            if let reader, (try? await reader.gate.acquire(path: path)) != nil {
                await reader.gate.close()
                do {
                    try await reader.connection.close()
                } catch {
                    failure = error
                }
                await reader.gate.release()
            }
            do {
                try await checkpointer?.close().get()
            } catch {
                failure = failure ?? error
            }
            do {
                try await connection.close()
            } catch {
                failure = failure ?? error
            }
            await gate.release()
            writerExecutor.stop()
            if isTemporary {
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: path + suffix)
                }
            }
            if let failure { throw Self.translate(failure, path: path) }
        }.value
    }

    // MARK: Running work on the connection

    /// Runs `work` alone on the connection, shielded from the caller's cancellation, and turns
    /// driver errors into ``StoreError``.
    package func run<T: Sendable>(
        duplicate: String? = nil, missing: String? = nil,
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let value = try await Self.perform(
            on: gate, database, path: path, executor: writerExecutor, duplicate: duplicate, missing: missing, work)
        checkpointer?.writerCommitted()
        return value
    }

    /// Runs a read on the reading connection (the writer's when there is none), shielded like
    /// ``run(duplicate:missing:_:)``. A read of several statements that must agree with one
    /// another passes `snapshot`: they then run in one read transaction, so no commit lands
    /// between them.
    package func read<T: Sendable>(
        snapshot: Bool = false, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let (gate, database) = reader.map { ($0.gate, $0.database) } ?? (self.gate, self.database)
        guard snapshot else { return try await Self.perform(on: gate, database, path: path, work) }
        return try await Self.perform(on: gate, database, path: path) { database in
            try await Self.inTransaction(database, work)
        }
    }

    private static func perform<T: Sendable>(
        on gate: ConnectionGate, _ database: any SQLDatabase, path: String, executor: (any TaskExecutor)? = nil,
        duplicate: String? = nil, missing: String? = nil, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        // An unstructured task does not inherit cancellation, so BEGIN is always followed by
        // COMMIT or ROLLBACK.
        return try await Task(executorPreference: executor) {
            try await gate.acquire(path: path)
            do {
                let value = try await work(database)
                await gate.release()
                return value
            } catch {
                await gate.release()
                throw Self.translate(error, path: path, duplicate: duplicate, missing: missing)
            }
        }.value
    }

    /// ``run(duplicate:missing:_:)`` inside one transaction.
    package func transaction<T: Sendable>(
        duplicate: String? = nil, missing: String? = nil,
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await run(duplicate: duplicate, missing: missing) { database in
            try await Self.inTransaction(database, work)
        }
    }

    /// `BEGIN`, `work`, `COMMIT`; `ROLLBACK` when anything throws. The caller holds the gate.
    static func inTransaction<T>(
        _ database: any SQLDatabase, _ work: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await database.raw("BEGIN").run()
        do {
            let value = try await work(database)
            try await database.raw("COMMIT").run()
            return value
        } catch {
            // SQLite may already have rolled back (e.g. on a full disk); then this fails harmlessly.
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Maps SQLite's errors to ``StoreError``; `duplicate` and `missing` describe, for the
    /// call at hand, what a key or foreign-key violation means.
    private static func translate(
        _ error: any Error, path: String, duplicate: String? = nil, missing: String? = nil
    ) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? SQLiteError else {
            return .databaseFailure("\(path): \(error)")
        }
        switch error.reason {
        case .constraintPrimaryKeyFailed, .constraintUniqueFailed:
            return .duplicate(duplicate ?? "a row with the same key (\(error.message))")
        case .constraintForeignKeyFailed:
            return .missingReference(missing ?? "a row refers to one that is not stored (\(error.message))")
        case .constraintNotNullFailed, .constraintCheckFailed, .constraint:
            return .invalidRecord(error.message)
        case .corrupt, .corruptIndex, .corruptSequenceSchema, .corruptVirtualTable, .notADatabase:
            return .databaseFailure("\(path) is damaged or not an SQLite database: \(error.message)")
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked:
            return .databaseFailure("\(path) is locked by another process: \(error.message)")
        default:
            return .databaseFailure("\(path): \(error.message)")
        }
    }
}

extension SQLiteGridStore {
    /// Runs one SQL statement as it is. Only for tests that damage stored rows on purpose, to
    /// check that reading them fails cleanly; the coordinator never calls it.
    package func execute(rawSQL sql: String) async throws {
        try await run { database in
            try await database.raw(SQLQueryString(sql)).run()
        }
    }
}
