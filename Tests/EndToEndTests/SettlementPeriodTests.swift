import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridLedger
import GridStore
import Testing

@Suite("Settlement periods make pending payouts available, chained in blocks an auditor verifies")
struct SettlementPeriodTests {
    /// A network whose periods last one second, its workers bidding the base fee.
    static func withOneSecondPeriods(
        minimumPayout: Amount = .zero, anchor: String? = nil, _ body: (TestNetwork) async throws -> Void
    ) async throws {
        var configuration = CoordinatorConfiguration()
        configuration.settlementPeriod = .seconds(1)
        configuration.pricing.minimumPayout = minimumPayout
        configuration.settlementAnchorPath = anchor
        try await TestNetwork.with(
            workers: 2, configuration: configuration, workerPrices: TestNetwork.bidOfTheBaseFee(Pricing.Configuration()), body)
    }

    static func runJob(_ network: TestNetwork) async throws {
        let module = try await network.client.uploadModule(Guest.bytes("hello"))
        let job = try await network.client.submit(
            JobSubmission(module: module.hash, tasks: Array(repeating: TaskInput(), count: 4), replicas: 2), wait: .seconds(20))
        #expect(job.state == .completed)
        try await waitUntil("the job's escrow is released") { try await network.client.statement().balance.held == .zero }
    }

    @Test func aClosedPeriodPaysOutPendingOncePostsThePayerAndTheAuditorChecksTheChain() async throws {
        let anchor = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: anchor) }
        try await Self.withOneSecondPeriods(anchor: anchor) { network in
            try await Self.runJob(network)
            try await waitUntil("the provider's earnings are available") {
                let balance = try await network.providerClient.statement().balance
                return balance.pending == .zero && balance.available.baseUnits > 0
            }
            // The provider's history shows its payouts (one per period its earnings fell in), which
            // make up all it has available; the client's shows its period statements.
            let provider = try await network.providerClient.statement(limit: 500)
            let payouts = provider.history.filter { $0.kind == .payout }
            #expect(!payouts.isEmpty && payouts.reduce(Int128(0)) { $0 + $1.change.available } == provider.balance.available.baseUnits)
            #expect(payouts.allSatisfy { $0.amount?.baseUnits == $0.change.available })
            try await waitUntil("the client's charges are posted") {
                try await network.client.statement().history.contains { $0.kind == .statement }
            }

            // The chain is public and an auditor checks every block against the rows.
            let audit = try await LedgerAuditor(source: network.client).audit()
            #expect(!audit.settlements.isEmpty)
            #expect(audit.balances[try await network.providerClient.statement().account]?.pending == .zero)
            let page = try await network.client.settlementBlockPage()
            #expect(page.blocks.map(\.sequence) == Array(0..<UInt64(page.blocks.count)))
            #expect(try page.blocks.map { try SettlementBlock(decoding: Array($0.block.utf8)) }.prefix(audit.settlements.count) == audit.settlements[...])

            // Settling a period again changes nothing, and so does an older one.
            let last = try #require(try await network.store.settlementBlocks(from: 0, limit: 1000).last)
            let size = try await network.store.ledgerSize()
            let signer = try NoteSigner.generate(name: "idlegrid.local/ledger")
            for period in [last.period, last.period - 1] {
                let again = try await network.store.settlePeriod(PeriodSettlement(
                    period: period, periodSeconds: 1, minimumPayout: .zero, at: Date(), signer: signer))
                #expect(again.ledger.isEmpty)
                if period == last.period { #expect(again.block == last) }
            }
            #expect(try await network.store.ledgerSize() == size)

            // Every block went to the anchor, in order, one line each.
            try await waitUntil("the anchor has every block") {
                let lines = (try? String(contentsOfFile: anchor, encoding: .utf8))?.split(separator: "\n") ?? []
                return lines.count == (try await network.store.settlementBlocks(from: 0, limit: 1000).count)
            }
            let lines = try String(contentsOfFile: anchor, encoding: .utf8).split(separator: "\n")
            let blocks = try await network.store.settlementBlocks(from: 0, limit: 1000)
            #expect(lines.first == "0 \(blocks[0].hash.hex) \(blocks[0].period)"[...])
            #expect(try await network.store.moneySupply().isConserved)

            // Someone deletes the last posting row behind the store's back: the next settlement
            // refuses, naming it, instead of settling a range that runs backwards.
            let head = try #require(try await network.store.settlementBlocks(from: 0, limit: 1000).last)
            try await network.store.execute(rawSQL: "DROP TRIGGER ledger_rows_no_delete")
            try await network.store.execute(rawSQL: "DELETE FROM ledger_rows WHERE idx >= \(head.postingRows.upperBound - 1)")
            let refused = await #expect(throws: StoreError.self) {
                try await network.store.settlePeriod(PeriodSettlement(
                    period: .max, periodSeconds: 1, minimumPayout: .zero, at: Date(), signer: signer))
            }
            #expect(refused?.message.contains("rows were deleted") == true, "\(refused?.message ?? "")")
        }
    }

    @Test func anAmountBelowTheMinimumPayoutCarriesOverAndTheAuditHoldsTheCoordinatorToIt() async throws {
        try await Self.withOneSecondPeriods(minimumPayout: Amount(baseUnits: Amount.baseUnitsPerGRID * 1000)) { network in
            try await Self.runJob(network)
            try await waitUntil("the client's charges are posted") {
                try await network.client.statement().history.contains { $0.kind == .statement }
            }
            // Nobody earned 1,000 GRID, so every share waits; the burn is never pending.
            let provider = try await network.providerClient.statement()
            #expect(provider.balance.pending.baseUnits > 0 && provider.balance.available == .zero)
            #expect(!provider.history.contains { $0.kind == .payout })
            let audit = try await LedgerAuditor(source: network.client).audit()
            #expect(!audit.settlements.isEmpty && audit.settlements.allSatisfy { $0.minimumPayout.baseUnits == Amount.baseUnitsPerGRID * 1000 })
            #expect(try await network.store.moneySupply().isConserved)
        }
    }
}
