import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import Testing

@Suite("The price of compute is quoted to anyone")
struct PriceTests {
    @Test func theQuoteIsTheDaysReferencePriceWithTheLowestBidOnTop() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let pricing = try Pricing(CoordinatorConfiguration().pricing)
            let empty = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/price")
            #expect(empty.status == 200, "no key needed")
            let quote = try await network.client.price()
            #expect(quote.workersOnline == 0 && quote.lowestBid == nil && quote.lowestPrice == nil)
            #expect(quote.day == pricing.day(of: quote.at))
            #expect(quote.referencePrice == (try pricing.referencePrice(day: quote.day)))
            #expect(quote.demandMultiplierPartsPerTrillion == 1_000_000_000_000)
            #expect(quote.baseFee == quote.referencePrice, "a multiplier of 1 leaves the reference price")

            try await network.startWorker(name: "cheap", slots: 1)
            try await network.waitForWorkers(1)
            let online = try await network.client.price()
            #expect(online.workersOnline == 1)
            #expect(online.lowestBid == (try PricePerFuel(baseUnitsPerExafuel: 0)))
            #expect(online.lowestPrice == online.baseFee)
        }
    }

    @Test func aCoordinatorWithAPricingItCannotUseRefusesToStartNamingTheSetting() throws {
        var configuration = CoordinatorConfiguration()
        configuration.pricing.split = try PayoutSplit(providerPartsPerMillion: 750_000, developerPartsPerMillion: 50_000)
        configuration.pricing.minimumPayout = Amount(baseUnits: -1)
        #expect(throws: CoordinatorConfigurationError.badPricing(PricingError.negative(field: "minimumPayout", value: ""))) {
            try configuration.validate()
        }
    }

    @Test func idleEpochsLowerTheBaseFeeAndTheChargesRecordIt() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.pricing.epochLength = .seconds(1)
        try await TestNetwork.with(workers: 1, configuration: configuration) { network in
            // Workers online and no work: every epoch that ends lowers β by 5%.
            try await waitUntil("the demand multiplier falls", timeout: .seconds(10)) {
                try await network.client.price().demandMultiplierPartsPerTrillion < 1_000_000_000_000 * 95 / 100 + 1
            }
            let price = try await network.client.price()
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput()]), wait: .seconds(20))
            #expect(job.state == .completed)
            let charge = try #require(try await network.client.ledgerRows().rows.last { $0.kind == .charge })
            let recorded = try #require(charge.demandMultiplierPartsPerTrillion.flatMap { Int64($0) })
            #expect(recorded < 1_000_000_000_000 && recorded <= price.demandMultiplierPartsPerTrillion)
            try await waitUntil("the escrow is released") { try await network.client.statement().balance.held == .zero }
            #expect(try await network.store.moneySupply().isConserved)
        }
    }

    @Test func aRestartedCoordinatorResumesTheDemandMultiplierItsLastEpochSet() async throws {
        try await withDatabaseDirectory("epochs") { directory, path in
            var configuration = CoordinatorConfiguration()
            configuration.operatorAPIKey = String(repeating: "ef", count: 32)
            configuration.pricing.epochLength = .seconds(1)

            try await TestNetwork.with(workers: 0, configuration: configuration, store: try await SQLiteGridStore(path: path)) { first in
                try await first.startWorker(name: "idle", slots: 1)
                try await first.waitForWorkers(1)
                // Idle epochs each lower β 5%; every measured epoch is written.
                try await waitUntil("two epochs are stored, the newest idle with the worker online", timeout: .seconds(20)) {
                    let epochs = try await first.store.priceEpochs(before: nil, limit: 10)
                    return epochs.count >= 2 && epochs[0].supply > 0 && epochs[0].demandMultiplier < .one
                }
                let epochs = try await first.store.priceEpochs(before: nil, limit: 10)
                #expect(epochs.map(\.epoch) == epochs.map(\.epoch).sorted(by: >), "newest first")
                #expect(epochs.allSatisfy { $0.demand == 0 }, "no work was asked for")
                let older = try await first.store.priceEpochs(before: epochs[0].epoch, limit: 10)
                #expect(older.first == epochs.dropFirst().first)
            }
            let reader = try await SQLiteGridStore(path: path)
            let kept = try #require(try await reader.priceEpochs(before: nil, limit: 1).first)
            try await reader.close()

            // No epoch closes while the second one runs: its β can only be the one it resumed.
            configuration.pricing.epochLength = .seconds(86_400)
            try await TestNetwork.with(workers: 0, configuration: configuration, store: try await SQLiteGridStore(path: path)) { second in
                let price = try await second.client.price()
                #expect(price.demandMultiplierPartsPerTrillion == Int64(kept.demandMultiplier.partsPerTrillion))
                #expect(try await second.store.moneySupply().isConserved)
            }
        }
    }
}
