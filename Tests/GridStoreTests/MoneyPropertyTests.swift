import Foundation
import GridCore
import GridLedger
import GridStore
import PropertyBased
import Testing

/// Random sequences of money events against a real SQLite store, restarts among them: after
/// every step all GRID is accounted for (balances + escrow + pending + stakes = minted − burned),
/// the ledger verifies from its public bytes alone, and its replayed balances are the store's.
@Suite("Money is conserved and the ledger verifies after any sequence of events")
struct MoneyPropertyTests {
    /// One step: what to do, and two numbers that size it.
    enum Step: Int, CaseIterable, Sendable {
        case mint, submit, charge, end, settle, restart
    }

    static let signer = try! NoteSigner.generate(name: "test.example/ledger")
    /// A base fee of 10^6 base units per fuel and a bid as large: half of each charge is burned,
    /// half paid out.
    static let quote = try! Quote(
        referencePrice: PricePerFuel(baseUnitsPerExafuel: 1_000_000 * PricePerFuel.fuelScale), demandMultiplier: .one,
        bid: PricePerFuel(baseUnitsPerExafuel: 1_000_000 * PricePerFuel.fuelScale))

    @Test func anySequenceOfMintsJobsChargesEndsSettlementsAndRestartsConservesMoneyAndVerifies() async throws {
        let steps = zip(Gen.int(in: 0...(Step.allCases.count - 1)), Gen.int(in: 1...1000), Gen.int(in: 1...1000)).array(of: 1...30)
        await propertyCheck(count: 30, input: steps) { steps in
            do {
                try await Self.run(steps.map { (Step(rawValue: $0.0)!, $0.1, $0.2) })
            } catch {
                Issue.record("steps \(steps): \(error)")
            }
        }
    }

    struct OpenJob {
        let id: JobID
        var nextTask = 0
        var left: Int128
    }

    static func run(_ steps: [(Step, Int, Int)]) async throws {
        try await withTemporaryDatabasePath { path in
            var store = try await SQLiteGridStore(path: path)
            try await store.migrate()
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let provider = Sample.account("acme", role: .provider)
            try await store.createAccount(provider, apiKeyHash: Sample.keyHash())
            let developer = Sample.account("dev", role: .developer)
            try await store.createAccount(developer, apiKeyHash: Sample.keyHash())
            var open: [OpenJob] = []
            var period: UInt64 = 20_000
            var clock: Int64 = 10_000

            for (step, a, b) in steps {
                clock += 1_000
                let before = try await store.ledgerSize()
                switch step {
                case .mint:
                    _ = try await store.mint(
                        NewDeposit(amount: Amount(baseUnits: Int128(a) * 1_000_000_000_000)), to: owner.id, by: owner.id, at: Sample.date(clock))
                case .submit:
                    let escrow = Amount(baseUnits: Int128(b) * 1_000_000_000)
                    let made = Sample.job(owner: owner.id, module: module, taskCount: 10, createdAt: Sample.date(clock))
                    let job = JobRecord(
                        id: made.job.id, owner: owner.id, module: module, limits: .standard, replicas: 1, seedPolicy: .perTask,
                        taskCount: 10, createdAt: Sample.date(clock),
                        billing: JobBilling(priceCap: quote.price, escrow: escrow, developer: developer.id))
                    do {
                        try await store.commit(SettlementBatch(jobs: [NewJob(job: job, tasks: made.tasks)]))
                        open.append(OpenJob(id: job.id, left: escrow.baseUnits))
                    } catch let error as StoreError where error.shortfall != nil {
                        // Refused for want of funds: nothing was written.
                        #expect(try await store.ledgerSize() == before)
                    }
                case .charge:
                    guard !open.isEmpty else { continue }
                    let slot = a % open.count
                    guard open[slot].nextTask < 10 else { continue }
                    let fuel = UInt64(b) * 100
                    let result = Sample.result(job: open[slot].id, index: open[slot].nextTask)
                    let charge = try ReplicaCharge(
                        payer: owner.id, job: open[slot].id, task: open[slot].nextTask, replica: result.replica, worker: result.worker,
                        usage: .init(fuel: fuel, bytesIn: 1, bytesOut: 2, wallMicroseconds: 3), quote: quote, split: .standard
                    ) { role in
                        switch role {
                        case .provider, .providerCharity: provider.id
                        case .developer, .developerCharity: developer.id
                        default: SystemAccount.treasury.id
                        }
                    }
                    guard charge.total.baseUnits <= open[slot].left else { continue }
                    let charged = ResultRecord(
                        job: result.job, index: result.index, replica: result.replica, worker: result.worker, termination: result.termination,
                        succeeded: true, output: result.output, stderr: result.stderr, outputHash: result.outputHash, fuelUsed: fuel,
                        wallMicroseconds: 3, peakMemoryBytes: 1, signature: result.signature, recordedAt: Sample.date(clock), charges: [charge])
                    try await store.commit(SettlementBatch(results: [charged]))
                    open[slot].nextTask += 1
                    open[slot].left -= charge.total.baseUnits
                case .end:
                    guard !open.isEmpty else { continue }
                    let ended = open.remove(at: a % open.count)
                    let state: JobState = [.completed, .cancelled, .failed, .expired][b % 4]
                    try await store.commit(SettlementBatch(jobEnds: [JobEnd(job: ended.id, state: state, finishedAt: Sample.date(clock))]))
                case .settle:
                    period += 1
                    let settlement = PeriodSettlement(
                        period: period, periodSeconds: 86_400, minimumPayout: Amount(baseUnits: Int128(b % 10) * 1_000_000_000),
                        at: Sample.date(clock), signer: signer)
                    let first = try await store.settlePeriod(settlement)
                    let size = try await store.ledgerSize()
                    // Settling the same period again changes nothing.
                    let again = try await store.settlePeriod(settlement)
                    let unchanged = try await store.ledgerSize()
                    #expect(again.ledger.isEmpty && again.block == first.block && unchanged == size)
                case .restart:
                    try await store.close()
                    store = try await SQLiteGridStore(path: path)
                    try await store.migrate()
                }
                try await check(store)
            }
            try await store.close()
        }
    }

    /// The invariant, and an audit from the public bytes whose balances are the store's.
    static func check(_ store: SQLiteGridStore) async throws {
        let supply = try await store.moneySupply()
        #expect(supply.isConserved, "\(supply)")
        let size = try await store.ledgerSize()
        var source = InMemoryLedgerSource(entries: try await store.ledgerEntries(0..<size), signer: signer)
        source.blocks = try await store.settlementBlocks(from: 0, limit: 10_000).map { $0.encoded() }
        let audit = try await LedgerAuditor(source: source).audit()
        #expect(audit.minted == supply.minted && audit.burned == supply.burned)
        for (account, balance) in audit.balances where account != SystemAccount.burn.id {
            let stored = try await store.balance(of: account)
            #expect(stored == balance, "account \(account)")
        }
    }
}
