import Foundation
import GridCore
import Testing

@Suite struct PricingTests {
    /// 2025-01-01T00:00:00Z, the default day 0.
    private let dayZero: Int64 = 1_735_689_600

    private func date(_ unixSeconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds))
    }

    @Test func theDefaultsAreValid() throws {
        let pricing = try Pricing()
        let configuration = pricing.configuration
        #expect(configuration.referencePriceAtDayZero == (try PricePerFuel(perFuel: Amount(baseUnits: 1_000_000))))
        #expect(configuration.dayZero == date(dayZero))
        #expect(configuration.epochLength == .seconds(3600))
        #expect(configuration.initialDemandMultiplier == .one)
        #expect(configuration.minimumDemandMultiplier.partsPerTrillion == 100_000_000_000)
        #expect(configuration.maximumDemandMultiplier.partsPerTrillion == 10_000_000_000_000)
        #expect(configuration.split == .standard)
        #expect(configuration.minimumPayout == Amount(baseUnits: 1_000_000_000_000_000))
    }

    @Test func badConfigurationsNameTheField() throws {
        func field(_ change: (inout Pricing.Configuration) throws -> Void) throws -> String? {
            var configuration = Pricing.Configuration()
            try change(&configuration)
            do {
                _ = try Pricing(configuration)
                return nil
            } catch {
                return error.field
            }
        }
        #expect(try field { $0.referencePriceAtDayZero = .zero } == "referencePriceAtDayZero")
        #expect(try field { $0.dayZero = .distantPast } == "dayZero")
        #expect(try field { $0.dayZero = Date(timeIntervalSince1970: -1) } == "dayZero")
        #expect(try field { $0.dayZero = Date(timeIntervalSince1970: .infinity) } == "dayZero")
        #expect(try field { $0.epochLength = .zero } == "epochLength")
        #expect(try field { $0.epochLength = .seconds(-60) } == "epochLength")
        #expect(try field { $0.epochLength = .milliseconds(1500) } == "epochLength")
        #expect(try field { $0.epochLength = .seconds(86_401) } == "epochLength")
        #expect(try field { $0.maximumDemandMultiplier = try DemandMultiplier(partsPerTrillion: 1) } == "maximumDemandMultiplier")
        #expect(try field { $0.initialDemandMultiplier = try DemandMultiplier(partsPerTrillion: 20_000_000_000_000) } == "initialDemandMultiplier")
        #expect(try field { $0.initialDemandMultiplier = try DemandMultiplier(partsPerTrillion: 1) } == "initialDemandMultiplier")
        #expect(try field { $0.minimumPayout = Amount(baseUnits: -1) } == "minimumPayout")
        #expect(try field { $0.referencePriceAtDayZero = try PricePerFuel(baseUnitsPerExafuel: .max) } == "maximumDemandMultiplier")
        // The edges are accepted.
        #expect(try field {
            $0.epochLength = .seconds(1)
            $0.minimumPayout = .zero
            $0.dayZero = Date(timeIntervalSince1970: 0)
            $0.minimumDemandMultiplier = .one
            $0.maximumDemandMultiplier = .one
        } == nil)
        #expect(try field { $0.epochLength = .seconds(86_400) } == nil)
        let error = #expect(throws: PricingError.self) {
            var configuration = Pricing.Configuration()
            configuration.epochLength = .milliseconds(1500)
            try configuration.validate()
        }
        #expect(error?.message.contains("whole number of seconds") == true)
    }

    @Test func daysAreUTCCalendarDaysFromDayZero() throws {
        let pricing = try Pricing()
        #expect(pricing.day(of: date(dayZero)) == 0)
        #expect(pricing.day(of: date(dayZero + 86_399)) == 0)
        #expect(pricing.day(of: date(dayZero + 86_400)) == 1)
        #expect(pricing.day(of: Date(timeIntervalSince1970: TimeInterval(dayZero) + 86_399.999)) == 0)
        // 2027-01-01: 2025 and 2026 have 365 days each.
        #expect(pricing.day(of: date(1_798_761_600)) == 730)
        // Before day 0 is day 0.
        #expect(pricing.day(of: date(dayZero - 1)) == 0)
        #expect(pricing.day(of: .distantPast) == 0)
        #expect(pricing.day(unixSeconds: .min) == 0)
        #expect(pricing.day(unixSeconds: .max) > 0)

        // A day 0 set at noon still starts at midnight UTC.
        var noon = Pricing.Configuration()
        noon.dayZero = date(dayZero + 43_200)
        let fromNoon = try Pricing(noon)
        #expect(fromNoon.dayZeroUnixSeconds == dayZero)
        #expect(fromNoon.day(of: date(dayZero + 86_401)) == 1)
        #expect(Pricing.utcDay(unixSeconds: -1) == -1)
        #expect(Pricing.utcDay(unixSeconds: -86_400) == -1)
        #expect(Pricing.utcDay(unixSeconds: -86_401) == -2)
    }

    @Test func epochsCountFromMidnightOfDayZero() throws {
        let pricing = try Pricing()
        #expect(pricing.epoch(of: date(dayZero)) == 0)
        #expect(pricing.epoch(of: date(dayZero + 3599)) == 0)
        #expect(pricing.epoch(of: date(dayZero + 5400)) == 1)
        #expect(pricing.epoch(of: date(dayZero + 86_400)) == 24)
        #expect(pricing.epoch(of: date(dayZero - 10)) == 0)
        #expect(pricing.epoch(unixSeconds: .min) == 0)
        var tenMinutes = Pricing.Configuration()
        tenMinutes.epochLength = .seconds(600)
        #expect(try Pricing(tenMinutes).epoch(of: date(dayZero + 86_400)) == 144)
    }

    @Test func theReferencePriceHalvesEveryTwoYears() throws {
        let pricing = try Pricing()
        let price0 = pricing.configuration.referencePriceAtDayZero
        #expect(try pricing.referencePrice(day: 0) == price0)
        #expect(try pricing.referencePrice(day: 1).baseUnitsPerExafuel == 999_050_933_962_625_668_392_271)
        #expect(try pricing.referencePrice(day: 365).baseUnitsPerExafuel == 707_106_781_186_547_524_400_844)
        #expect(try pricing.referencePrice(day: 730).baseUnitsPerExafuel == price0.baseUnitsPerExafuel / 2)
        #expect(pricing.referencePrice(at: date(1_798_761_600)) == (try pricing.referencePrice(day: 730)))
        #expect(pricing.referencePrice(at: date(dayZero - 86_400 * 30)) == price0)
        #expect(throws: PricingError.negative(field: "", value: "")) { try pricing.referencePrice(day: -1) }
        // A task of 10^9 fuel costs 10^15 base units on day 0 and half that two years on.
        #expect(try price0.cost(fuel: 1_000_000_000) == Amount(baseUnits: 1_000_000_000_000_000))
        #expect(try pricing.referencePrice(day: 730).cost(fuel: 1_000_000_000) == Amount(baseUnits: 500_000_000_000_000))
    }

    @Test func quotesUseTheDaysReferencePriceAndTheEpochsMultiplier() throws {
        let pricing = try Pricing()
        let beta = pricing.nextDemandMultiplier(after: .one, demand: 3, supply: 2)
        #expect(beta.partsPerTrillion == 1_025_000_000_000)
        let bid = try PricePerFuel(perFuel: Amount(baseUnits: 100_000))
        let quote = try pricing.quote(day: 730, demandMultiplier: beta, bid: bid)
        #expect(quote.referencePrice == (try PricePerFuel(perFuel: Amount(baseUnits: 500_000))))
        #expect(quote.baseFee == (try PricePerFuel(perFuel: Amount(baseUnits: 512_500))))
        #expect(quote.price == (try PricePerFuel(perFuel: Amount(baseUnits: 612_500))))
        #expect(try pricing.quote(at: date(1_798_761_600 + 100), demandMultiplier: beta, bid: bid) == quote)
        let parts = pricing.split(try quote.charge(fuel: 1000))
        #expect(parts[.burn] == Amount(baseUnits: 512_500_000))
        #expect(parts[.provider] == Amount(baseUnits: 75_000_000))
        #expect(parts[.developer] == Amount(baseUnits: 5_000_000))
        #expect(parts[.operator] == Amount(baseUnits: 20_000_000))
    }

    @Test func theMultiplierIsHeldWithinTheConfiguredBounds() throws {
        var configuration = Pricing.Configuration()
        configuration.maximumDemandMultiplier = try DemandMultiplier(partsPerTrillion: 1_080_000_000_000)
        configuration.minimumDemandMultiplier = try DemandMultiplier(partsPerTrillion: 960_000_000_000)
        let pricing = try Pricing(configuration)
        var beta = configuration.initialDemandMultiplier
        beta = pricing.nextDemandMultiplier(after: beta, demand: 2, supply: 1)
        #expect(beta.partsPerTrillion == 1_050_000_000_000)
        beta = pricing.nextDemandMultiplier(after: beta, demand: 2, supply: 1)
        #expect(beta.partsPerTrillion == 1_080_000_000_000)
        beta = pricing.nextDemandMultiplier(after: .one, demand: 0, supply: 1)
        #expect(beta.partsPerTrillion == 960_000_000_000)
        #expect(pricing.demandMultiplierBounds == configuration.minimumDemandMultiplier...configuration.maximumDemandMultiplier)
    }

    @Test func payoutsBelowTheMinimumCarryOver() throws {
        let pricing = try Pricing()
        let minimum = pricing.configuration.minimumPayout
        #expect(try Pricing.payout(pending: minimum, minimum: minimum) == minimum)
        #expect(try Pricing.payout(pending: Amount(baseUnits: minimum.baseUnits - 1), minimum: minimum) == .zero)
        #expect(try Pricing.payout(pending: Amount(baseUnits: 5 * minimum.baseUnits), minimum: minimum) == Amount(baseUnits: 5 * minimum.baseUnits))
        #expect(try Pricing.payout(pending: .zero, minimum: minimum) == .zero)
        let error = #expect(throws: PricingError.self) { try Pricing.payout(pending: Amount(baseUnits: -1), minimum: minimum) }
        #expect(error?.field == "pending")
    }
}
