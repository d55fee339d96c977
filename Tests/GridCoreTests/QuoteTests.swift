import GridCore
import PropertyBased
import Testing

@Suite struct QuoteTests {
    private func perFuel(_ baseUnits: Int128) throws -> PricePerFuel {
        try PricePerFuel(perFuel: Amount(baseUnits: baseUnits))
    }

    @Test func basePlusBidAgainstTheCap() throws {
        let quote = try Quote(
            referencePrice: perFuel(1_000_000),
            demandMultiplier: DemandMultiplier(partsPerTrillion: 1_050_000_000_000),
            bid: perFuel(200_000))
        #expect(quote.baseFee == (try perFuel(1_050_000)))
        #expect(quote.price == (try perFuel(1_250_000)))
        #expect(quote.fits(cap: try perFuel(1_250_000)))
        #expect(quote.fits(cap: try perFuel(2_000_000)))
        let justBelow = try PricePerFuel(baseUnitsPerExafuel: quote.price.baseUnitsPerExafuel - 1)
        #expect(!quote.fits(cap: justBelow))
    }

    @Test func aChargeBurnsTheBaseFeeAndLeavesTheBidToSplit() throws {
        let quote = try Quote(
            referencePrice: perFuel(1_000_000),
            demandMultiplier: DemandMultiplier(partsPerTrillion: 1_050_000_000_000),
            bid: perFuel(200_000))
        let charge = try quote.charge(fuel: 1_000_000_000)
        #expect(charge.total == Amount(baseUnits: 1_250_000_000_000_000))
        #expect(charge.burned == Amount(baseUnits: 1_050_000_000_000_000))
        #expect(charge.distributable == Amount(baseUnits: 200_000_000_000_000))
        #expect(charge.fuel == 1_000_000_000)
    }

    @Test func fractionalPricesRoundTheTotalAndTheBurnDownSeparately() throws {
        let third = try PricePerFuel(baseUnitsPerExafuel: 333_333_333_333_333_333)
        let quote = try Quote(referencePrice: third, demandMultiplier: .one, bid: third)
        let charge = try quote.charge(fuel: 3)
        // Total ⌊1.999…⌋ = 1, burned ⌊0.999…⌋ = 0: the beneficiaries get the 1.
        #expect(charge.total == Amount(baseUnits: 1))
        #expect(charge.burned == .zero)
        #expect(charge.distributable == Amount(baseUnits: 1))
    }

    @Test func maximumCostIsFuelLimitTimesPriceTimesReplicasTimesTasks() throws {
        let quote = try Quote(referencePrice: perFuel(1_000_000), demandMultiplier: .one, bid: perFuel(250_000))
        #expect(try quote.maximumCost(fuelLimit: 10_000_000_000, replicas: 3, tasks: 4)
                == Amount(baseUnits: 150_000_000_000_000_000))
        let error = #expect(throws: PricingError.self) { try quote.maximumCost(fuelLimit: 1, replicas: 0, tasks: 4) }
        #expect(error?.field == "replicas")
    }

    @Test func overflowingQuotesAreErrors() throws {
        let most = try PricePerFuel(baseUnitsPerExafuel: .max)
        let bid = #expect(throws: PricingError.self) {
            try Quote(referencePrice: most, demandMultiplier: .one, bid: self.perFuel(1))
        }
        #expect(bid?.field == "bid")
        let multiplier = #expect(throws: PricingError.self) {
            try Quote(referencePrice: most, demandMultiplier: DemandMultiplier(partsPerTrillion: 2_000_000_000_000), bid: .zero)
        }
        #expect(multiplier?.field == "demandMultiplier")
        let quote = try Quote(referencePrice: most, demandMultiplier: .one, bid: .zero)
        let fuel = #expect(throws: PricingError.self) { try quote.charge(fuel: .max) }
        #expect(fuel?.field == "fuel")
    }

    /// Escrow suffices: every replica's charge, for any fuel up to the limit, sums to at most
    /// the maximum cost, and the burned part never exceeds the charge.
    @Test func chargesNeverExceedTheEscrowedMaximum() async {
        await propertyCheck(
            input: Gen.int128(in: 0...1_000_000_000_000_000_000_000_000),
            Gen.int128(in: 0...1_000_000_000_000_000_000_000_000),
            Gen.int128(in: 1...100_000_000_000_000),
            Gen.uint64(in: 1...10_000_000_000_000),
            Gen.uint64(in: 0...10_000_000_000_000).array(of: 1...6)
        ) { reference, bid, multiplier, fuelLimit, fuels in
            do {
                let quote = try Quote(
                    referencePrice: PricePerFuel(baseUnitsPerExafuel: reference),
                    demandMultiplier: DemandMultiplier(partsPerTrillion: multiplier),
                    bid: PricePerFuel(baseUnitsPerExafuel: bid))
                let maximum = try quote.maximumCost(fuelLimit: fuelLimit, replicas: fuels.count, tasks: 1)
                var charged = Amount.zero
                for fuel in fuels {
                    let charge = try quote.charge(fuel: min(fuel, fuelLimit))
                    #expect(charge.burned >= .zero && charge.burned <= charge.total)
                    #expect(charge.total == (try quote.price.cost(fuel: min(fuel, fuelLimit))))
                    charged = try charged.adding(charge.total)
                }
                #expect(charged <= maximum)
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
