public import Foundation
public import GridCore
public import GridLedger

/// Everything the coordinator keeps on disk, behind one small protocol.
///
/// The SQLite implementation (``SQLiteGridStore``) is the embedded default; a PostgreSQL one
/// comes later behind the same protocol, so the SQL stays portable.
///
/// Durability contract: when a method returns, its writes are committed.
public protocol GridStore: Sendable {
    /// Applies every migration not yet applied, in order.
    func migrate() async throws

    // MARK: Accounts and API keys

    /// Stores a new account with one API key, given as the SHA-256 of the secret.
    func createAccount(_ account: AccountRecord, apiKeyHash: ContentHash) async throws
    /// The account an API key (by its SHA-256) belongs to; nil for an unknown or revoked key.
    func account(apiKeyHash: ContentHash) async throws -> AccountRecord?
    /// Stores another key of an existing account.
    func createAPIKey(_ key: APIKeyRecord) async throws
    /// Every key of an account, revoked ones included, oldest first.
    func apiKeys(account: AccountID) async throws -> [APIKeyRecord]
    /// Revokes one of an account's keys, unless it is the account's last active key.
    func revokeAPIKey(_ id: APIKeyID, account: AccountID, at date: Date) async throws -> APIKeyRevocation
    /// How many accounts exist (zero on first start).
    func accountCount() async throws -> Int
    /// The account with this id; nil when there is none.
    func account(id: AccountID) async throws -> AccountRecord?

    // MARK: Balances
    /// The account's balance, or nil when there is no such account.
    func balance(of account: AccountID) async throws -> AccountBalance?
    /// Mints GRID onto an account's available balance and appends it to the ledger, in one transaction.
    func mint(_ deposit: NewDeposit, to account: AccountID, by minter: AccountID, at date: Date) async throws -> DepositMade
    /// The ledger rows that concern the account, newest first, before an index when given.
    func moneyEvents(of account: AccountID, before: UInt64?, limit: Int) async throws -> [MoneyEvent]
    /// All GRID at once, for the conservation invariant.
    func moneySupply() async throws -> MoneySupply

    // MARK: Blobs (modules, large inputs and outputs)

    /// Stores a module under its SHA-256: readable by any authenticated party. Storing the same
    /// bytes again changes nothing.
    func putModule(_ bytes: Data, publisher: AccountID?) async throws -> ContentHash
    /// The module with this hash and its publisher, or nil when no such module is published.
    func publishedModule(_ hash: ContentHash) async throws -> PublishedModule?
    /// Stores a client's bytes (a task input or output) under their SHA-256, owned by `owner`,
    /// who may read them; the same bytes stored again add an owner, not a copy.
    func putBlob(_ bytes: Data, owner: AccountID) async throws -> ContentHash
    /// The bytes stored under `hash` (who may read them is the caller's check).
    func blob(_ hash: ContentHash) async throws -> Data?
    /// Whether bytes are stored under `hash`.
    func hasBlob(_ hash: ContentHash) async throws -> Bool
    /// Whether `hash` is a published module.
    func isModule(_ hash: ContentHash) async throws -> Bool
    /// The blob's size if `account` may read it (a module, or one of its own blobs), else nil;
    /// with no account, a module's size only.
    func blobSize(_ hash: ContentHash, readableBy account: AccountID?) async throws -> Int?

    // MARK: Jobs, tasks, results

    /// Stores a job and all its tasks in one transaction.
    func insertJob(_ job: JobRecord, tasks: [TaskRecord]) async throws
    /// The job with this id.
    func job(_ id: JobID) async throws -> JobRecord?
    /// An owner's jobs, newest first, `limit` at a time, starting after the job `after`.
    func jobs(owner: AccountID, after: JobID?, limit: Int) async throws -> [JobRecord]
    /// Moves a job to `state` (and records when it finished, for terminal states).
    func updateJob(_ id: JobID, state: JobState, finishedAt: Date?) async throws
    /// A job's tasks, by index.
    func tasks(job: JobID) async throws -> [TaskRecord]
    /// Stores results in one transaction. A result for a task that already has one is ignored,
    /// so a replayed or duplicate result is never recorded twice. Returns how many were new.
    @discardableResult
    func recordResults(_ results: [ResultRecord]) async throws -> Int
    /// A job's recorded results, by task index.
    func results(job: JobID) async throws -> [ResultRecord]
    /// How many results a job has, how many succeeded and the fuel they used, without reading
    /// their outputs.
    func resultTotals(job: JobID) async throws -> ResultTotals
    /// Jobs that are neither completed, failed, cancelled nor expired.
    func unfinishedJobs() async throws -> [JobRecord]

    // MARK: Settlement

    /// Writes everything in `batch` in one transaction (jobs, results, replicas, given-up tasks,
    /// job ends, flags, closed pricing epochs, in that order, and the money they move); nothing of it when any part is
    /// refused. Returns how many results were new and the ledger rows appended.
    @discardableResult
    func commit(_ batch: SettlementBatch) async throws -> SettlementCommit

    // MARK: Ledger

    /// How many rows the ledger holds.
    func ledgerSize() async throws -> UInt64
    /// The ledger rows with indexes in `range`, in order.
    func ledgerRecords(_ range: Range<UInt64>) async throws -> [LedgerRecord]
    /// The stored entries of the rows with indexes in `range`, as stored.
    func ledgerEntries(_ range: Range<UInt64>) async throws -> [[UInt8]]
    /// Every stored account's balance, system accounts included.
    func allBalances() async throws -> [AccountID: AccountBalance]
    /// The stored leaf hashes from `start` on, at most `limit`.
    func ledgerLeafHashes(from start: UInt64, limit: Int) async throws -> [MerkleHash]
    /// From now on, every transaction that appends ledger rows signs the checkpoint of the whole
    /// ledger with `signer` and keeps it with them, so the kept checkpoint always signs exactly
    /// the stored rows; such a transaction fails when rows were written without one. Set it
    /// before the first write.
    func signLedger(with signer: NoteSigner)
    /// The checkpoint kept with the last rows appended, nil before the first signed one.
    func latestLedgerCheckpoint() async throws -> String?
    /// Closed pricing epochs, newest first, at most `limit`, all before `epoch` when it is given.
    func priceEpochs(before epoch: Int64?, limit: Int) async throws -> [PriceEpochRecord]
    /// Closes a settlement period: every pending balance of at least the minimum payout becomes
    /// available, each payer's charges since the last settlement are summed, one posting row
    /// each, and the block chaining them is stored, all in one transaction; a period with nothing
    /// to post is recorded as closed all the same. A period already closed (or older than the
    /// last one closed) changes nothing and answers its block, if it has one.
    func settlePeriod(_ settlement: PeriodSettlement) async throws -> SettledPeriod
    /// The last period closed, with postings or without; nil before the first.
    func lastClosedPeriod() async throws -> UInt64?
    /// The settlement blocks from number `sequence` on, in order, at most `limit`.
    func settlementBlocks(from sequence: UInt64, limit: Int) async throws -> [SettlementBlock]
    /// The newest settlement block, nil before the first.
    func latestSettlementBlock() async throws -> SettlementBlock?
    /// Sets (nil: removes) what an account directs to a charity account.
    func setCharityDirection(_ direction: CharityDirection?, for account: AccountID) async throws
    /// Every account's charity direction.
    func charityDirections() async throws -> [AccountID: CharityDirection]
    /// Every replica result stored for a job (evidence), by task index.
    func replicas(job: JobID) async throws -> [ReplicaRecord]
    /// The job's given-up tasks with their reasons, by task index.
    func givenUpTasks(job: JobID) async throws -> [GivenUpTaskRecord]

    // MARK: Workers

    /// Records that a worker is flagged (it signed a result that does not verify).
    func flagWorker(_ worker: WorkerID, reason: String, at date: Date) async throws
    /// Every flagged worker, refused on connection.
    func flaggedWorkers() async throws -> Set<WorkerID>

    // MARK: Providers and their devices

    /// The provider account a device key is enrolled to, or nil for a device never enrolled.
    func workerProvider(_ worker: WorkerID) async throws -> AccountID?
    /// Enrolls a device to a provider unless it is enrolled already, and returns the provider
    /// on record: `provider`, or the one the device was enrolled to before (a device never
    /// moves to another provider).
    func enrollWorker(_ worker: WorkerID, provider: AccountID, at date: Date) async throws -> AccountID
    /// Stores a new enrollment token (by the SHA-256 of its secret).
    func createEnrollmentToken(_ token: EnrollmentTokenRecord) async throws
    /// The enrollment token with this hash.
    func enrollmentToken(hash: ContentHash) async throws -> EnrollmentTokenRecord?
    /// In one transaction: enrolls `worker` to the provider of the token with this hash, and
    /// marks the token used by it, if the token exists, is unused and unexpired at `date`, and
    /// the device is not enrolled elsewhere. A device already enrolled to the token's provider
    /// is answered ``TokenRedemption/enrolled(provider:)`` without using the token up.
    func redeemEnrollmentToken(hash: ContentHash, worker: WorkerID, at date: Date) async throws -> TokenRedemption
}
