import Foundation
import GridClient
import GridCore
import GridLedger
import Testing

@Suite("A beneficiary directs part of its shares to a charity account")
struct CharityTests {
    @Test func aProviderGivesATenthOfItsShareAndTheRowsShowIt() async throws {
        try await TestNetwork.with(workers: 2, workerPrices: TestNetwork.bidOfTheBaseFee(Pricing.Configuration())) { network in
            let charity = try await network.operatorClient.createAccount(NewAccount(name: "seeds", role: .charity))
            let set = try await network.providerClient.setCharity(CharityDirection(charity: charity.account, partsPerMillion: 100_000))
            #expect(set?.partsPerMillion == 100_000)
            #expect(try await network.providerClient.statement().charity == set)

            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = try await network.client.submit(
                JobSubmission(module: module.hash, tasks: Array(repeating: TaskInput(), count: 3)), wait: .seconds(20))
            #expect(job.state == .completed)
            try await waitUntil("the escrow is released") { try await network.client.statement().balance.held == .zero }

            // Each charge pays the charity ⌊provider share / 10⌋ and the provider the rest.
            let charges = try await network.client.ledgerRows().rows.filter { $0.kind == .charge }
            #expect(charges.count == 3)
            var given = Int128(0)
            for charge in charges {
                let payouts = charge.payouts ?? []
                let provider = try #require(payouts.first { $0.recipient == "provider" }).amount.baseUnits
                let gift = try #require(payouts.first { $0.recipient == "providerCharity" })
                #expect(gift.account == charity.account)
                #expect(gift.amount.baseUnits == (provider + gift.amount.baseUnits) / 10)
                given += gift.amount.baseUnits
            }
            let seeds = GridClient(baseURL: network.baseURL, apiKey: charity.apiKey)
            #expect(try await seeds.statement().balance.pending.baseUnits == given && given > 0)

            // Stopping: the next job gives nothing.
            try await network.providerClient.setCharity(nil)
            #expect(try await network.providerClient.statement().charity == nil)
            _ = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput()]), wait: .seconds(20))
            try await waitUntil("the escrow is released") { try await network.client.statement().balance.held == .zero }
            let last = try #require(try await network.client.ledgerRows().rows.last { $0.kind == .charge })
            #expect(!(last.payouts ?? []).contains { $0.recipient == "providerCharity" })
            _ = try await LedgerAuditor(source: network.client).audit()
            #expect(try await network.store.moneySupply().isConserved)
        }
    }

    @Test func badDirectionsAreRefusedNamingTheProblemAndChangeNothing() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let charity = try await network.operatorClient.createAccount(NewAccount(name: "seeds", role: .charity))
            // A charity earns no shares to direct.
            let seeds = GridClient(baseURL: network.baseURL, apiKey: charity.apiKey)
            let fromCharity = await problem { try await seeds.setCharity(CharityDirection(charity: charity.account, partsPerMillion: 1)) }
            #expect(fromCharity?.status == 403)
            // The charity must be a charity account that exists, and not the giver itself.
            let notCharity = await problem {
                try await network.providerClient.setCharity(CharityDirection(charity: network.provider.account, partsPerMillion: 1))
            }
            #expect(notCharity?.status == 409 && notCharity?.field == "charity")
            let stranger = try await network.operatorClient.createAccount(NewAccount(name: "someone", role: .client))
            let wrongRole = await problem {
                try await network.providerClient.setCharity(CharityDirection(charity: stranger.account, partsPerMillion: 1))
            }
            #expect(wrongRole?.status == 409 && wrongRole?.detail.contains("is not a charity account") == true, "\(wrongRole?.detail ?? "")")
            let missing = await problem {
                try await network.providerClient.setCharity(CharityDirection(charity: AccountID(), partsPerMillion: 1))
            }
            #expect(missing?.status == 404 && missing?.field == "charity")
            // Out of range parts, sent as raw JSON since the type refuses them.
            for parts in ["0", "1000001", "-5", "\"ten\""] {
                let answer = try await RawHTTP.send(
                    .PUT, "\(network.baseURL)/v1/accounts/me/charity",
                    body: #"{"charity": "\#(charity.account)", "partsPerMillion": \#(parts)}"#, key: network.provider.apiKey)
                #expect(answer.status == 400 || answer.status == 422, "\(parts): \(answer.status)")
            }
            #expect(try await network.providerClient.statement().charity == nil)
        }
    }
}
