import Foundation
import GridCore
import Testing

@Suite struct TrustTierTests {
    static func grid(_ whole: Int128) -> Amount { Amount(baseUnits: whole * Amount.baseUnitsPerGRID) }

    @Test func numbersOrderAndMultipliers() throws {
        #expect(TrustTier.allCases.map(\.rawValue) == Array(1...7))
        #expect(TrustTier.one < .seven)
        #expect(TrustTier.allCases.map(\.rewardMultiplierTenths) == [20, 17, 15, 12, 11, 10, 0])
        for tier in TrustTier.allCases {
            #expect(try TrustTier(validating: tier.rawValue) == tier)
        }
    }

    @Test(arguments: [0, 8, -7])
    func rejectsUnknownNumbers(value: Int) throws {
        #expect(throws: TierError.unknownTrustTier(0)) { try TrustTier(validating: value) }
        do {
            _ = try TrustTier(validating: value)
        } catch {
            #expect(error.message.contains("trust tier \(value)") && error.message.contains("1 (highest) ... 7 (lowest)"))
        }
    }

    @Test func codesAsTheNumber() throws {
        let json = try JSONEncoder().encode(TrustTier.allCases)
        #expect(String(decoding: json, as: UTF8.self) == "[1,2,3,4,5,6,7]")
        #expect(try JSONDecoder().decode([TrustTier].self, from: json) == TrustTier.allCases)
        for bad in ["0", "8", "\"1\""] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrustTier.self, from: Data(bad.utf8)) }
        }
    }

    @Test func requirementTableMatchesTheSpec() {
        let table = TrustTier.allCases.map { $0.requirement() }
        #expect(table.map(\.tier) == TrustTier.allCases)
        #expect(table.map(\.uptimeAboveBasisPoints) == [9900, 9800, 9700, 9500, 9000, 8500, 7500])
        #expect(table.map(\.completionAboveBasisPoints) == [9800, 9600, 9400, 9000, 8500, 8000, 7500])
        #expect(table.map(\.meanResponseBelowMilliseconds) == [100, 150, 200, 250, 300, 400, 500])
        #expect(table.map(\.minimumStake) == [100_000, 50_000, 20_000, 10_000, 5_000, 1_000, 0].map(Self.grid))
        #expect(table.map(\.rewardMultiplierTenths) == [20, 17, 15, 12, 11, 10, 0])
    }

    @Test func boundsAreExclusiveExceptStake() {
        let one = TrustTier.one.requirement()
        #expect(one.isMet(uptimeBasisPoints: 9901, completionBasisPoints: 9801, meanResponseMilliseconds: 99, stake: Self.grid(100_000)))
        #expect(!one.isMet(uptimeBasisPoints: 9900, completionBasisPoints: 9801, meanResponseMilliseconds: 99, stake: Self.grid(100_000)))
        #expect(!one.isMet(uptimeBasisPoints: 9901, completionBasisPoints: 9800, meanResponseMilliseconds: 99, stake: Self.grid(100_000)))
        #expect(!one.isMet(uptimeBasisPoints: 9901, completionBasisPoints: 9801, meanResponseMilliseconds: 100, stake: Self.grid(100_000)))
        #expect(!one.isMet(uptimeBasisPoints: 9901, completionBasisPoints: 9801, meanResponseMilliseconds: 99,
                           stake: Amount(baseUnits: 100_000 * Amount.baseUnitsPerGRID - 1)))
    }

    @Test func highestMetPicksTheBestTier() {
        let perfect = TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 10, stake: Self.grid(1_000_000))
        #expect(perfect == .one)
        // Perfect service but little stake: stake decides.
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 10, stake: Self.grid(5_000)) == .five)
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 10, stake: .zero) == .seven)
        // Rich but slow: response decides.
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 399, stake: Self.grid(1_000_000)) == .six)
        // Each tier's exact thresholds plus one step.
        for tier in TrustTier.allCases {
            let requirement = tier.requirement()
            let met = TrustTier.highestMet(
                uptimeBasisPoints: requirement.uptimeAboveBasisPoints + 1,
                completionBasisPoints: requirement.completionAboveBasisPoints + 1,
                meanResponseMilliseconds: requirement.meanResponseBelowMilliseconds - 1,
                stake: requirement.minimumStake
            )
            #expect(met == tier)
        }
    }

    @Test func highestMetIsNilBelowTierSeven() {
        #expect(TrustTier.highestMet(uptimeBasisPoints: 7500, completionBasisPoints: 10_000, meanResponseMilliseconds: 1, stake: Self.grid(1_000_000)) == nil)
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 7500, meanResponseMilliseconds: 1, stake: Self.grid(1_000_000)) == nil)
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 500, stake: Self.grid(1_000_000)) == nil)
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 1, stake: Amount(baseUnits: -1)) == nil)
    }

    @Test func highestMetUsesGivenStakes() throws {
        let cheap = try TrustTierStakes(tier1: Self.grid(10), tier2: Self.grid(10), tier3: Self.grid(10), tier4: Self.grid(10),
                                        tier5: Self.grid(10), tier6: Self.grid(10), tier7: Self.grid(10))
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 1, stake: Self.grid(10), stakes: cheap) == .one)
        #expect(TrustTier.highestMet(uptimeBasisPoints: 10_000, completionBasisPoints: 10_000, meanResponseMilliseconds: 1, stake: Self.grid(9), stakes: cheap) == nil)
        #expect(TrustTier.two.requirement(stakes: cheap).minimumStake == Self.grid(10))
    }

    @Test func scaledRewardIsExactAndRoundsDown() throws {
        let reward = Amount(baseUnits: 1_000_000_000_000_000_001)
        #expect(try TrustTier.one.requirement().scaledReward(reward) == Amount(baseUnits: 2_000_000_000_000_000_002))
        #expect(try TrustTier.two.requirement().scaledReward(reward) == Amount(baseUnits: 1_700_000_000_000_000_001))
        #expect(try TrustTier.six.requirement().scaledReward(reward) == reward)
        #expect(try TrustTier.seven.requirement().scaledReward(reward) == .zero)
        #expect(throws: AmountError.overflow("")) { try TrustTier.one.requirement().scaledReward(Amount(baseUnits: .max)) }
    }
}
