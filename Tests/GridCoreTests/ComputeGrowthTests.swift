import GridCore
import Testing

@Suite struct ComputeGrowthTests {
    /// CPUcoin's own table: 3290.4 KMIPS-h per token on day 0, and after 1, 7, 30, 90, 365 and
    /// 730 days, in tenths of KMIPS-h.
    @Test(arguments: [
        (0, 32904), (1, 32935), (7, 33123), (30, 33855), (90, 35840), (365, 46533), (730, 65808),
    ] as [(Int, UInt128)])
    func computePerTokenMatchesCPUcoinsTable(day: Int, tenths: UInt128) throws {
        let growth = try ComputeGrowth(day: day)
        // 3290.4 KMIPS-h in 10^-6 KMIPS-h, grown, then rounded half up to tenths.
        let micro = try growth.growing(3_290_400_000, rounding: .down)
        #expect((micro + 50_000) / 100_000 == tenths)
    }

    /// ⌊2^(d/730) × 10^30⌋ from a 120-digit decimal computation: the fixed point agrees with it
    /// to the last of 30 digits.
    @Test(arguments: [
        (1, "1000949967619378489077666650627"),
        (7, "1006668754577261363794359574144"),
        (30, "1028895092334984942192623799150"),
        (90, "1089214181362392118123402305876"),
        (365, "1414213562373095048801688724209"),
        (729, "1998101867925251336784543180251"),
    ] as [(Int, String)])
    func growthAgreesWithAHighPrecisionValueTo30Digits(day: Int, expected: String) throws {
        let growth = try ComputeGrowth(day: day)
        let oneE30: UInt128 = 1_000_000_000_000_000_000_000_000_000_000
        #expect(String(try growth.growing(oneE30, rounding: .down)) == expected)
    }

    @Test func day730IsExactlyDoubleDay0() throws {
        let zero = try ComputeGrowth(day: 0)
        let twoYears = try ComputeGrowth(day: 730)
        #expect(zero.fraction == ComputeGrowth.scale)
        #expect(zero.doublings == 0)
        #expect(twoYears.fraction == ComputeGrowth.scale)
        #expect(twoYears.doublings == 1)
        #expect(try twoYears.growing(32904, rounding: .down) == 65808)
        #expect(try ComputeGrowth(day: 1460).growing(1, rounding: .down) == 4)
        // Three years: 2 × √2 × 10^6 = 2828427.12…, rounded once (not ⌊√2 × 10^6⌋ × 2 = 2828426).
        #expect(try ComputeGrowth(day: 365 + 730).growing(1_000_000, rounding: .down) == 2_828_427)
        #expect(try ComputeGrowth(day: 365 + 730).growing(1_000_000, rounding: .up) == 2_828_428)
        #expect(try ComputeGrowth(day: 365).description == "day 365: 2^0 × 1.414213562373095048801688724209697318")
    }

    @Test func day729TimesKMeetsDay730WithinTheFixedPointPrecision() throws {
        let last = try ComputeGrowth(day: 729)
        let product = last.fraction.multipliedFullWidth(by: ComputeGrowth.k)
        let (next, _) = ComputeGrowth.scale.dividingFullWidth(product)
        let two = 2 * ComputeGrowth.scale
        // Within 3 × 10^-33 of 2 (2,148 × 10^-36 measured), and never above it: every step rounds down.
        #expect(next <= two)
        #expect(two - next < 3000)
    }

    @Test func growthRisesEveryDayAndNeverExceedsTheExactValue() throws {
        var previous = try ComputeGrowth(day: 0)
        for day in 1..<1461 {
            let growth = try ComputeGrowth(day: day)
            let risen = growth.doublings > previous.doublings || growth.fraction > previous.fraction
            #expect(risen, "day \(day) is not above day \(day - 1)")
            #expect(growth.fraction >= ComputeGrowth.scale && growth.fraction < 2 * ComputeGrowth.scale)
            previous = growth
        }
        // K itself is 2^(1/730) rounded down.
        #expect(try ComputeGrowth(day: 1).fraction == ComputeGrowth.k)
    }

    @Test func shrinkingIsTheReferencePrice() throws {
        let price: UInt128 = 1_000_000_000_000_000_000_000_000 // 10^6 base units per fuel
        #expect(try ComputeGrowth(day: 0).shrinking(price, rounding: .down) == price)
        #expect(try ComputeGrowth(day: 1).shrinking(price, rounding: .down) == 999_050_933_962_625_668_392_271)
        #expect(try ComputeGrowth(day: 365).shrinking(price, rounding: .down) == 707_106_781_186_547_524_400_844)
        #expect(try ComputeGrowth(day: 365).shrinking(price, rounding: .up) == 707_106_781_186_547_524_400_845)
        #expect(try ComputeGrowth(day: 730).shrinking(price, rounding: .down) == price / 2)
        #expect(try ComputeGrowth(day: 730 * 10).shrinking(price, rounding: .down) == price / 1024)
    }

    @Test func absurdDaysNeitherTrapNorOverflowSilently() throws {
        let far = try ComputeGrowth(day: 730 * 200)
        #expect(far.shrinking(.max, rounding: .down) == 0)
        #expect(far.shrinking(5, rounding: .up) == 1)
        #expect(try ComputeGrowth(day: .max).shrinking(.max, rounding: .down) == 0)
        let error = #expect(throws: PricingError.self) { try far.growing(1, rounding: .down) }
        #expect(error?.field == "day")
        #expect(throws: PricingError.self) { try ComputeGrowth(day: 730 * 127 + 1).growing(2, rounding: .down) }
        let negative = #expect(throws: PricingError.self) { try ComputeGrowth(day: -1) }
        #expect(negative == .negative(field: "", value: ""))
    }
}
