extension SQLiteGridStore {
    /// What a commit that has returned survives.
    ///
    /// Money follows results through the settlement writer, so the default is ``powerSafe``: an
    /// acknowledged commit survives a power cut or an OS crash, not only the process dying. In
    /// WAL mode with `synchronous=FULL`, SQLite syncs the log on every commit; the settlement
    /// writer commits in batches, so that sync is paid once per batch, not once per result.
    /// `NetworkBenchmark --durability` measures the three.
    public enum Durability: String, Sendable, CaseIterable {
        /// WAL, `synchronous=FULL`: the log is synced before a commit returns.
        case powerSafe = "wal-full"
        /// A rollback journal, `synchronous=FULL`: the database file itself is synced on every
        /// commit (two syncs, and readers wait for writers).
        case rollbackJournal = "journal-full"
        /// WAL, `synchronous=NORMAL`: survives a process crash, but a power cut may lose the last
        /// commits (never corrupting the file).
        case processCrashSafe = "wal-normal"

        var journalMode: String {
            switch self {
            case .powerSafe, .processCrashSafe: "wal"
            case .rollbackJournal: "delete"
            }
        }

        /// Whether a second connection can read while the writer writes (WAL); with a rollback
        /// journal a reader would block commits.
        var readersRunBesideTheWriter: Bool { journalMode == "wal" }

        var synchronous: String {
            switch self {
            case .powerSafe, .rollbackJournal: "FULL"
            case .processCrashSafe: "NORMAL"
            }
        }
    }
}
