import GridCore
import Testing

@Suite struct DemandMultiplierTests {
    private let wide = try! DemandMultiplier(partsPerTrillion: 1)...DemandMultiplier(partsPerTrillion: .max)

    private func beta(_ partsPerTrillion: Int128) throws -> DemandMultiplier {
        try DemandMultiplier(partsPerTrillion: partsPerTrillion)
    }

    /// (demand, supply, β' in parts per 10^12 from β = 1).
    @Test(arguments: [
        (UInt64(1000), UInt64(1000), Int128(1_000_000_000_000)),  // D = S: unchanged
        (2000, 1000, 1_050_000_000_000),                          // D = 2S: +5%
        (3000, 1000, 1_050_000_000_000),                          // D = 3S: clamped to +5%
        (0, 1000, 950_000_000_000),                               // D = 0: −5%
        (1500, 1000, 1_025_000_000_000),                          // D = 1.5S: +2.5%
        (500, 1000, 975_000_000_000),                             // D = 0.5S: −2.5%
        (1001, 1000, 1_000_050_000_000),                          // D = 1.001S: +0.005%
        (5, 0, 1_050_000_000_000),                                // S = 0, D > 0: +5%
        (0, 0, 1_000_000_000_000),                                // S = 0, D = 0: unchanged
        (.max, 1, 1_050_000_000_000),                             // extreme demand: +5%
        (.max, .max, 1_000_000_000_000),                          // extreme balance: unchanged
        (1, .max, 950_000_000_000),                               // ⌊0.95 + 1/(20·(2^64−1))⌋ at 10^-12
    ] as [(UInt64, UInt64, Int128)])
    func oneEpochFollowsDPNsRule(demand: UInt64, supply: UInt64, expected: Int128) {
        #expect(DemandMultiplier.one.next(demand: demand, supply: supply, within: wide).partsPerTrillion == expected)
    }

    @Test func sequencesCompoundExactly() throws {
        var beta = DemandMultiplier.one
        for (demand, supply) in [(UInt64(2), UInt64(1)), (2, 1), (0, 1)] {
            beta = beta.next(demand: demand, supply: supply, within: wide)
        }
        // 1 × 1.05 × 1.05 × 0.95 = 1.047375, exact at 10^-12.
        #expect(beta == (try self.beta(1_047_375_000_000)))
        #expect(beta.description == "1.047375×")

        // Ten epochs at +5%: 1.05^10 = 1.62889462677744140625, each step rounded down to 10^-12.
        var rising = DemandMultiplier.one
        for _ in 0..<10 { rising = rising.next(demand: 2, supply: 1, within: wide) }
        #expect(rising.partsPerTrillion == 1_628_894_626_775)

        // Up 5% then down 5% is not back to 1: 1.05 × 0.95 = 0.9975.
        let roundTrip = DemandMultiplier.one.next(demand: 2, supply: 1, within: wide).next(demand: 0, supply: 1, within: wide)
        #expect(roundTrip.partsPerTrillion == 997_500_000_000)
    }

    @Test func stepsRoundDownToAPartPerTrillion() throws {
        // 7 × 1.05 = 7.35 → 7; 7 × 0.95 = 6.65 → 6.
        #expect(try beta(7).next(demand: 2, supply: 1, within: wide) == beta(7))
        #expect(try beta(7).next(demand: 0, supply: 1, within: wide) == beta(6))
        // 1 × 0.95 rounds to 0 and is held at the lowest bound.
        #expect(try beta(1).next(demand: 0, supply: 1, within: wide) == beta(1))
    }

    @Test func theMultiplierStaysWithinItsBounds() throws {
        let bounds = try beta(900_000_000_000)...beta(1_100_000_000_000)
        var beta = DemandMultiplier.one
        var path: [Int128] = []
        for _ in 0..<4 {
            beta = beta.next(demand: 10, supply: 1, within: bounds)
            path.append(beta.partsPerTrillion)
        }
        #expect(path == [1_050_000_000_000, 1_100_000_000_000, 1_100_000_000_000, 1_100_000_000_000])
        for _ in 0..<5 { beta = beta.next(demand: 0, supply: 1, within: bounds) }
        #expect(beta.partsPerTrillion == 900_000_000_000)
        // A multiplier outside the bounds is brought back inside, even when demand is balanced.
        #expect(try self.beta(5_000_000_000_000).next(demand: 1, supply: 1, within: bounds) == bounds.upperBound)
        // The largest multiplier does not overflow.
        #expect(try self.beta(.max).next(demand: 2, supply: 1, within: wide) == self.beta(.max))
    }

    @Test func zeroAndNegativeMultipliersAreRefused() {
        let zero = #expect(throws: PricingError.self) { try DemandMultiplier(partsPerTrillion: 0) }
        #expect(zero == .notPositive(field: "", value: ""))
        #expect(zero?.field == "partsPerTrillion")
        #expect(throws: PricingError.self) { try DemandMultiplier(partsPerTrillion: -1_000_000_000_000) }
    }
}
