import Foundation
import GridCore
import GridLedger
import GridStore
import Testing

/// Found by a live trial: a coordinator started after a period ended closed it with nothing to
/// post, and nothing recorded that; restarted later that day, it closed the same period again and
/// paid out that day's earnings at once, under the earlier period's label.
@Suite("A settlement period closed with nothing to post stays closed")
struct ClosedPeriodTests {
    @Test("the next period's rows wait for the next period, after a reopen too")
    func aPeriodClosedEmptyIsNotClosedAgain() async throws {
        try await withTemporaryDatabasePath { path in
            var store = try await SQLiteGridStore(path: path, durability: .processCrashSafe)
            try await store.migrate()
            let signer = try NoteSigner.generate(name: "test.example/ledger")
            func settle(_ period: UInt64) async throws -> SettledPeriod {
                try await store.settlePeriod(PeriodSettlement(
                    period: period, periodSeconds: 86_400, minimumPayout: .zero, at: Sample.date(50_000), signer: signer))
            }
            #expect(try await store.lastClosedPeriod() == nil)
            let empty = try await settle(20_790)
            #expect(empty.block == nil && empty.ledger.isEmpty)
            #expect(try await store.lastClosedPeriod() == 20_790)

            // The next period's work: a billed job and one charged result.
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let provider = Sample.account("acme", role: .provider)
            try await store.createAccount(provider, apiKeyHash: Sample.keyHash())
            _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: 1_000_000_000_000)), to: owner.id, by: owner.id, at: Sample.date(1))
            let quote = try Quote(
                referencePrice: PricePerFuel(baseUnitsPerExafuel: 1_000_000 * PricePerFuel.fuelScale), demandMultiplier: .one,
                bid: PricePerFuel(baseUnitsPerExafuel: 1_000_000 * PricePerFuel.fuelScale))
            let made = Sample.job(owner: owner.id, module: module, taskCount: 1)
            let job = JobRecord(
                id: made.job.id, owner: owner.id, module: module, limits: .standard, replicas: 1, seedPolicy: .perTask, taskCount: 1,
                createdAt: Sample.date(2), billing: JobBilling(priceCap: quote.price, escrow: Amount(baseUnits: 10_000_000_000), developer: provider.id))
            try await store.commit(SettlementBatch(jobs: [NewJob(job: job, tasks: made.tasks)]))
            let result = Sample.result(job: job.id, index: 0)
            let charge = try ReplicaCharge(
                payer: owner.id, job: job.id, task: 0, replica: result.replica, worker: result.worker,
                usage: .init(fuel: 1_000, bytesIn: 1, bytesOut: 2, wallMicroseconds: 3), quote: quote, split: .standard
            ) { role in role == .provider || role == .developer ? provider.id : SystemAccount.treasury.id }
            try await store.commit(SettlementBatch(results: [ResultRecord(
                job: job.id, index: 0, replica: result.replica, worker: result.worker, termination: result.termination, succeeded: true,
                output: result.output, stderr: result.stderr, outputHash: result.outputHash, fuelUsed: 1_000, wallMicroseconds: 3,
                peakMemoryBytes: 1, signature: result.signature, recordedAt: Sample.date(3), charges: [charge])]))
            let pending = try #require(try await store.balance(of: provider.id)).pending
            #expect(pending.baseUnits > 0)

            // Reopened, as after a restart the same day: the closed period is not closed again.
            try await store.close()
            store = try await SQLiteGridStore(path: path, durability: .processCrashSafe)
            try await store.migrate()
            #expect(try await store.lastClosedPeriod() == 20_790)
            let size = try await store.ledgerSize()
            let again = try await settle(20_790)
            #expect(again.block == nil && again.ledger.isEmpty)
            #expect(try await store.ledgerSize() == size)
            #expect(try await store.balance(of: provider.id)?.pending == pending)
            // An older one neither.
            #expect(try await settle(20_789).ledger.isEmpty)

            // The day's rows settle when their period closes.
            let next = try await settle(20_791)
            let block = try #require(next.block)
            #expect(block.period == 20_791 && block.sequence == 0 && !next.ledger.isEmpty)
            #expect(try await store.balance(of: provider.id)?.pending == .zero)
            #expect(try await store.lastClosedPeriod() == 20_791)
            #expect(try await store.moneySupply().isConserved)

            // A store from before the record: migrating takes the last block's period as closed.
            try await store.execute(rawSQL: "DROP TABLE settlement_closed")
            try await store.execute(rawSQL: "DELETE FROM migrations WHERE name = '0015-closed-period'")
            try await store.migrate()
            #expect(try await store.lastClosedPeriod() == 20_791)
            try await store.close()
        }
    }
}
