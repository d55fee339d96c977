// The ledger's two speed targets, printed as figures (issue 8):
//
// 1. rows appended per second with hashing, tree update and power-safe durable writes: billed
//    results committed the way the settlement writer commits them (500 to a transaction, each
//    result with its replica's charge, so each batch also writes 500 result rows), on SQLite in
//    WAL mode with synchronous=FULL, every new row's leaf added to a Merkle tree (target ≥ 50,000/s;
//    Tessera's POSIX backend does about 10,500 entries/s on 7 cores and NVMe);
// 2. an audit of a log of 1,000,000 rows as `idlegrid ledger verify` makes it: every entry decoded
//    and re-hashed, the tree rebuilt, the balances replayed, the signed checkpoint checked
//    (target under 10 s). The rows are served from memory, so this measures the auditor, not HTTP.
//
//   swift run -c release LedgerBenchmark [--quick] [--append-only]   (--append-only: part 1 alone, for profiling)
import Foundation
import GridCore
import GridLedger
import GridStore

let quick = CommandLine.arguments.contains("--quick")
let appendRows = quick ? 20_000 : 200_000
let auditRows = quick ? 100_000 : 1_000_000
let batchSize = 500

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ value: Double) -> String {
    value >= 100 ? String(Int(value.rounded())) : String(format: "%.2f", value)
}

/// Quotes at the default reference price with a bid of as much again.
let quote = try Quote(
    referencePrice: PricePerFuel(baseUnitsPerExafuel: 1_000_000 * PricePerFuel.fuelScale), demandMultiplier: .one,
    bid: PricePerFuel(baseUnitsPerExafuel: 1_000_000 * PricePerFuel.fuelScale))

// MARK: 1. Appending, durable

let store = try await SQLiteGridStore.temporary(durability: .powerSafe)
try await store.migrate()
// As the coordinator does: each transaction signs and keeps the checkpoint of the rows it appends.
store.signLedger(with: try NoteSigner.generate(name: "ledger-benchmark.idlegrid.example/log"))
let now = Date()
let client = AccountRecord(name: "client", role: .client, createdAt: now)
let provider = AccountRecord(name: "provider", role: .provider, createdAt: now)
let operatorAccount = AccountRecord(name: "operator", role: .operator, createdAt: now)
for account in [client, provider, operatorAccount] {
    try await store.createAccount(account, apiKeyHash: ContentHash(of: Array(account.id.description.utf8)))
}
_ = try await store.mint(NewDeposit(amount: NewDeposit.maximum), to: client.id, by: operatorAccount.id, at: now)
let module = try await store.putModule(Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), publisher: provider.id)
let fuel: UInt64 = 1_000
let limits = try Limits(fuel: fuel, memoryBytes: 1 << 20, wallClockMilliseconds: 1000, outputBytes: 1024)
let escrow = try quote.price.maximumCost(fuelLimit: fuel, replicas: 1, tasks: appendRows)
let job = JobRecord(
    owner: client.id, module: module, limits: limits, replicas: 1, seedPolicy: .perTask, taskCount: appendRows, createdAt: now,
    billing: JobBilling(priceCap: quote.price, escrow: escrow, developer: provider.id))
let tasks = (0..<appendRows).map { TaskRecord(job: job.id, index: $0, stdin: Data(), arguments: [], seed: UInt64($0)) }
try await store.commit(SettlementBatch(jobs: [NewJob(job: job, tasks: tasks)]))
let worker = WorkerID()
let batches: [SettlementBatch] = try stride(from: 0, to: appendRows, by: batchSize).map { start in
    SettlementBatch(results: try (start..<min(start + batchSize, appendRows)).map { index in
        let replica = ReplicaID()
        let charge = try ReplicaCharge(
            payer: client.id, job: job.id, task: index, replica: replica, worker: worker,
            usage: .init(fuel: fuel, bytesIn: 0, bytesOut: 6, wallMicroseconds: 40), quote: quote, split: .standard
        ) { recipient in recipient == .provider || recipient == .developer ? provider.id : operatorAccount.id }
        return ResultRecord(
            job: job.id, index: index, replica: replica, worker: worker, termination: "exited:0", succeeded: true,
            output: Data("hello\n".utf8), stderr: Data(), outputHash: ContentHash(of: Array("hello\n".utf8)), fuelUsed: fuel,
            wallMicroseconds: 40, peakMemoryBytes: 65_536, signature: Data(repeating: 7, count: 64), recordedAt: now,
            provider: provider.id, charges: [charge])
    })
}
var tree = MerkleTree<InMemoryMerkleHashStorage>()
let appendStarted = ContinuousClock.now
var appended = 0
for batch in batches {
    let commit = try await store.commit(batch)
    for record in commit.ledger { _ = try tree.append(leafHash: record.leafHash) }
    appended += commit.ledger.count
}
let appendTime = seconds(ContinuousClock.now - appendStarted)
let supply = try await store.moneySupply()
try await store.close()
print("ledger append (durable, WAL + synchronous=FULL, \(batchSize) billed results to a transaction): \(appended) rows in \(format(appendTime)) s, \(format(Double(appended) / appendTime)) rows/s   (target: at least 50000)")
guard supply.isConserved, appended == appendRows else {
    print("error: the appended ledger does not add up (\(appended) rows, conserved: \(supply.isConserved))")
    exit(1)
}

// MARK: 2. Auditing

if CommandLine.arguments.contains("--append-only") { exit(0) }

let signer = try NoteSigner.generate(name: "bench.example/ledger")
let mint = try LedgerMint(account: client.id, minter: operatorAccount.id, amount: NewDeposit.maximum)
var entries: [[UInt8]] = [try LedgerRow(index: 0, milliseconds: 1_000, event: .mint(mint)).encoded()]
entries.append(try LedgerRow(index: 1, milliseconds: 1_000, event: .hold(EscrowMove(account: client.id, job: job.id, amount: NewDeposit.maximum))).encoded())
for index in 2..<auditRows {
    let charge = try ReplicaCharge(
        payer: client.id, job: job.id, task: index, replica: ReplicaID(), worker: worker,
        usage: .init(fuel: fuel, bytesIn: 0, bytesOut: 6, wallMicroseconds: 40), quote: quote, split: .standard
    ) { recipient in recipient == .provider || recipient == .developer ? provider.id : operatorAccount.id }
    entries.append(try LedgerRow(index: UInt64(index), milliseconds: 2_000, event: .charge(charge)).encoded())
}
let source = InMemoryLedgerSource(entries: entries, signer: signer)
let auditStarted = ContinuousClock.now
let audit = try await LedgerAuditor(source: source, trustedKey: signer.verifierKey).audit()
let auditTime = seconds(ContinuousClock.now - auditStarted)
print("ledger verify of \(audit.checkpoint.size) rows (decode, re-hash, rebuild the tree, replay balances, check the signature): \(format(auditTime)) s, \(format(Double(audit.checkpoint.size) / auditTime)) rows/s   (target: 1000000 rows in under 10 s)")
