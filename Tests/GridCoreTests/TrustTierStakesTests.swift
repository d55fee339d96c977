import Foundation
import GridCore
import Testing

@Suite struct TrustTierStakesTests {
    static func grid(_ whole: Int128) -> Amount { Amount(baseUnits: whole * Amount.baseUnitsPerGRID) }

    @Test func defaults() throws {
        let stakes = TrustTierStakes.default
        #expect(TrustTier.allCases.map { stakes[$0] } == [100_000, 50_000, 20_000, 10_000, 5_000, 1_000, 0].map(Self.grid))
        #expect(try TrustTierStakes() == .default)
        let custom = try TrustTierStakes(tier7: Self.grid(1))
        #expect(custom[.seven] == Self.grid(1))
        #expect(custom[.six] == Self.grid(1_000))
    }

    @Test func rejectsNegativeStake() throws {
        #expect(throws: TierError.negativeStake(.one, .zero)) { try TrustTierStakes(tier7: Amount(baseUnits: -1)) }
        do {
            _ = try TrustTierStakes(tier7: Amount(baseUnits: -1))
        } catch {
            #expect(error.message.contains("trust tier 7") && error.message.contains("0 GRID or more"))
        }
    }

    @Test func rejectsAHigherTierAskingLess() throws {
        #expect(throws: TierError.stakesNotDescending(.one, .zero, below: .two, .zero)) {
            try TrustTierStakes(tier3: Self.grid(60_000))
        }
        #expect(throws: TierError.stakesNotDescending(.one, .zero, below: .two, .zero)) {
            try TrustTierStakes(tier6: .zero, tier7: Self.grid(1))
        }
        do {
            _ = try TrustTierStakes(tier3: Self.grid(60_000))
        } catch {
            #expect(error.message.contains("trust tier 2") && error.message.contains("tier 3"))
        }
    }

    @Test func codableRoundTripWithDefaultsForMissingTiers() throws {
        let custom = try TrustTierStakes(tier1: Self.grid(200_000))
        let json = try JSONEncoder().encode(custom)
        #expect(try JSONDecoder().decode(TrustTierStakes.self, from: json) == custom)
        let partial = try JSONDecoder().decode(TrustTierStakes.self, from: Data(#"{"tier7":"5"}"#.utf8))
        #expect(partial[.seven] == Amount(baseUnits: 5))
        #expect(partial[.one] == TrustTierStakes.default[.one])
        #expect(try JSONDecoder().decode(TrustTierStakes.self, from: Data("{}".utf8)) == .default)
    }

    @Test(arguments: [#"{"tier7":"-1"}"#, #"{"tier1":"1"}"#, #"{"tier2":1}"#, #"{"tier3":"1 GRID"}"#, "[]"])
    func decodingRejectsBadTables(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrustTierStakes.self, from: Data(json.utf8)) }
    }
}
