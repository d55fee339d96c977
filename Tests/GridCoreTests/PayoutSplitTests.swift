import Foundation
import GridCore
import PropertyBased
import Testing

@Suite struct PayoutSplitTests {
    private func amounts(_ parts: PayoutParts) -> [PayoutRecipient: Int128] {
        Dictionary(uniqueKeysWithValues: parts.entries.map { ($0.recipient, $0.amount.baseUnits) })
    }

    @Test func theStandardSplitIs75_5_20() throws {
        let split = PayoutSplit.standard
        #expect(split.providerPartsPerMillion == 750_000)
        #expect(split.developerPartsPerMillion == 50_000)
        #expect(split.operatorPartsPerMillion == 200_000)
        #expect(try PayoutSplit() == split)
        let parts = try split.split(distributable: Amount(baseUnits: 1_000_000))
        #expect(parts.entries.map(\.recipient) == [.burn, .provider, .developer, .operator])
        #expect(amounts(parts) == [.burn: 0, .provider: 750_000, .developer: 50_000, .operator: 200_000])
        #expect(parts.total == Amount(baseUnits: 1_000_000))
    }

    @Test func roundingRemaindersGoToTheOperator() throws {
        let split = PayoutSplit.standard
        // 1 base unit: 0.75 and 0.05 round down to 0, the operator gets the 1.
        #expect(amounts(try split.split(distributable: Amount(baseUnits: 1)))
                == [.burn: 0, .provider: 0, .developer: 0, .operator: 1])
        // 19: ⌊14.25⌋ = 14, ⌊0.95⌋ = 0, operator 19 − 14 = 5 (nominally 3.8).
        #expect(amounts(try split.split(distributable: Amount(baseUnits: 19)))
                == [.burn: 0, .provider: 14, .developer: 0, .operator: 5])
        // A split with no operator share still gives the operator the remainder.
        let allButOperator = try PayoutSplit(providerPartsPerMillion: 666_667, developerPartsPerMillion: 333_333)
        #expect(allButOperator.operatorPartsPerMillion == 0)
        #expect(amounts(try allButOperator.split(distributable: Amount(baseUnits: 10)))
                == [.burn: 0, .provider: 6, .developer: 3, .operator: 1])
        let allToProvider = try PayoutSplit(providerPartsPerMillion: 1_000_000, developerPartsPerMillion: 0)
        #expect(amounts(try allToProvider.split(distributable: Amount(baseUnits: 10)))
                == [.burn: 0, .provider: 10, .developer: 0, .operator: 0])
        let allToOperator = try PayoutSplit(providerPartsPerMillion: 0, developerPartsPerMillion: 0)
        #expect(amounts(try allToOperator.split(distributable: Amount(baseUnits: 10)))
                == [.burn: 0, .provider: 0, .developer: 0, .operator: 10])
    }

    @Test func charityPartsComeOutOfEachBeneficiarysOwnShare() throws {
        let charity = try CharityDirections(providerPartsPerMillion: 100_000, developerPartsPerMillion: 1_000_000)
        let parts = try PayoutSplit.standard.split(distributable: Amount(baseUnits: 1_000_000), charity: charity)
        #expect(parts.entries.map(\.recipient) == [.burn, .provider, .providerCharity, .developer, .developerCharity, .operator])
        #expect(amounts(parts) == [
            .burn: 0, .provider: 675_000, .providerCharity: 75_000,
            .developer: 0, .developerCharity: 50_000, .operator: 200_000,
        ])
        #expect(parts[.operatorCharity] == .zero)
        // 7: provider ⌊5.25⌋ = 5, its charity ⌊0.5⌋ = 0 so it keeps 5; operator 2, a quarter
        // of which, ⌊0.5⌋ = 0, goes to charity.
        let small = try PayoutSplit.standard.split(
            distributable: Amount(baseUnits: 7),
            charity: CharityDirections(providerPartsPerMillion: 100_000, operatorPartsPerMillion: 250_000))
        #expect(amounts(small) == [.burn: 0, .provider: 5, .providerCharity: 0, .developer: 0, .operator: 2, .operatorCharity: 0])
        // 800: the operator's 160 gives a quarter, 40, to its charity.
        let operatorCharity = try PayoutSplit.standard.split(
            distributable: Amount(baseUnits: 800), charity: CharityDirections(operatorPartsPerMillion: 250_000))
        #expect(operatorCharity[.operator] == Amount(baseUnits: 120))
        #expect(operatorCharity[.operatorCharity] == Amount(baseUnits: 40))
    }

    @Test func aChargeSplitListsTheBurnedBaseFee() throws {
        let quote = try Quote(
            referencePrice: PricePerFuel(perFuel: Amount(baseUnits: 1_000_000)),
            demandMultiplier: .one,
            bid: PricePerFuel(perFuel: Amount(baseUnits: 400_000)))
        let charge = try quote.charge(fuel: 1_000_000_000)
        let parts = PayoutSplit.standard.split(charge)
        #expect(amounts(parts) == [
            .burn: 1_000_000_000_000_000, .provider: 300_000_000_000_000,
            .developer: 20_000_000_000_000, .operator: 80_000_000_000_000,
        ])
        #expect(parts.total == charge.total)
        #expect(PayoutRecipient.burn.accountRole == nil)
        #expect(PayoutRecipient.provider.accountRole == .provider)
        #expect(PayoutRecipient.operatorCharity.accountRole == nil)
    }

    @Test func sharesOverTheWholeAreRefusedNamingTheField() {
        let sum = #expect(throws: PricingError.self) {
            try PayoutSplit(providerPartsPerMillion: 800_000, developerPartsPerMillion: 300_000)
        }
        #expect(sum == .sharesOverWhole(field: "", total: 0))
        #expect(sum?.field == "developerPartsPerMillion")
        #expect(sum?.message.contains("1100000") == true)
        let provider = #expect(throws: PricingError.self) {
            try PayoutSplit(providerPartsPerMillion: 1_000_001, developerPartsPerMillion: 0)
        }
        #expect(provider?.field == "providerPartsPerMillion")
        let developer = #expect(throws: PricingError.self) {
            try PayoutSplit(providerPartsPerMillion: 0, developerPartsPerMillion: .max)
        }
        #expect(developer?.field == "developerPartsPerMillion")
        let charity = #expect(throws: PricingError.self) { try CharityDirections(developerPartsPerMillion: 1_000_001) }
        #expect(charity == .shareOutOfRange(field: "", partsPerMillion: 0))
        #expect(charity?.field == "developerPartsPerMillion")
    }

    @Test func negativeAndOverflowingAmountsAreRefused() {
        let negative = #expect(throws: PricingError.self) {
            try PayoutSplit.standard.split(distributable: Amount(baseUnits: -1))
        }
        #expect(negative?.field == "distributable")
        let burned = #expect(throws: PricingError.self) {
            try PayoutSplit.standard.split(distributable: .zero, burned: Amount(baseUnits: -1))
        }
        #expect(burned?.field == "burned")
        let overflow = #expect(throws: PricingError.self) {
            try PayoutSplit.standard.split(distributable: Amount(baseUnits: .max), burned: Amount(baseUnits: 1))
        }
        #expect(overflow == .overflow(field: "", operation: ""))
    }

    @Test func decodingChecksSharesAndNamesTheField() throws {
        let decoded = try JSONDecoder().decode(PayoutSplit.self, from: Data(#"{"developerPartsPerMillion": 0}"#.utf8))
        #expect(decoded.providerPartsPerMillion == 750_000)
        #expect(decoded.operatorPartsPerMillion == 250_000)
        #expect(try JSONDecoder().decode(PayoutSplit.self, from: JSONEncoder().encode(decoded)) == decoded)
        do {
            _ = try JSONDecoder().decode(PayoutSplit.self, from: Data(#"{"providerPartsPerMillion": 2000000}"#.utf8))
            Issue.record("a share over the whole decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.map(\.stringValue) == ["providerPartsPerMillion"])
        }
        let charity = try JSONDecoder().decode(CharityDirections.self, from: Data(#"{"operatorPartsPerMillion": 5}"#.utf8))
        #expect(charity == (try CharityDirections(operatorPartsPerMillion: 5)))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CharityDirections.self, from: Data(#"{"providerPartsPerMillion": 1000001}"#.utf8))
        }
    }

    /// Random amounts, random valid shares and charity directions: the parts always sum exactly
    /// to what was split, none is negative, and the provider and developer get their share
    /// rounded down, never more.
    @Test func splitsAlwaysSumExactlyAndNeverGoNegative() async {
        await propertyCheck(
            count: 500,
            input: Gen.int128(in: 0...1_000_000_000_000_000_000_000_000_000_000),
            Gen.int128(in: 0...1_000_000_000_000_000_000_000_000_000_000),
            Gen.uint32(in: 0...1_000_000),
            Gen.uint32(in: 0...1_000_000),
            Gen.uint32(in: 0...1_000_000).array(of: 3)
        ) { distributable, burned, provider, developerDraw, charity in
            do {
                let developer = developerDraw % (1_000_000 - provider + 1)
                let split = try PayoutSplit(providerPartsPerMillion: provider, developerPartsPerMillion: developer)
                let directions = try CharityDirections(
                    providerPartsPerMillion: charity[0], developerPartsPerMillion: charity[1], operatorPartsPerMillion: charity[2])
                let parts = try split.split(
                    distributable: Amount(baseUnits: distributable), burned: Amount(baseUnits: burned), charity: directions)
                let sum = parts.entries.reduce(Int128(0)) { $0 + $1.amount.baseUnits }
                #expect(sum == distributable + burned)
                #expect(parts.total.baseUnits == distributable + burned)
                #expect(parts.entries.allSatisfy { !$0.amount.isNegative })
                #expect(parts[.burn].baseUnits == burned)
                // The amounts stay below 10^31, so × 10^6 fits Int128.
                let providerShare = parts[.provider].baseUnits + parts[.providerCharity].baseUnits
                #expect(providerShare * 1_000_000 <= distributable * Int128(provider))
                #expect((providerShare + 1) * 1_000_000 > distributable * Int128(provider))
                let developerShare = parts[.developer].baseUnits + parts[.developerCharity].baseUnits
                #expect(developerShare * 1_000_000 <= distributable * Int128(developer))
                #expect((developerShare + 1) * 1_000_000 > distributable * Int128(developer))
                let operatorShare = parts[.operator].baseUnits + parts[.operatorCharity].baseUnits
                #expect(operatorShare * 1_000_000 >= distributable * Int128(split.operatorPartsPerMillion))
                #expect(parts[.providerCharity].baseUnits * 1_000_000 <= providerShare * Int128(charity[0]))
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// The same over the whole amount range, where only exactness and signs can be checked.
    @Test func splitsOfHugeAmountsAreExactToo() async {
        await propertyCheck(
            input: Gen.int128(in: 0...Int128.max),
            Gen.uint32(in: 0...500_000),
            Gen.uint32(in: 0...500_000),
            Gen.uint32(in: 0...1_000_000)
        ) { distributable, provider, developer, charity in
            do {
                let split = try PayoutSplit(providerPartsPerMillion: provider, developerPartsPerMillion: developer)
                let directions = try CharityDirections(
                    providerPartsPerMillion: charity, developerPartsPerMillion: charity, operatorPartsPerMillion: charity)
                let parts = try split.split(distributable: Amount(baseUnits: distributable), charity: directions)
                var sum = Amount.zero
                for entry in parts.entries {
                    #expect(!entry.amount.isNegative)
                    sum = try sum.adding(entry.amount)
                }
                #expect(sum.baseUnits == distributable)
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
