/// The minimum stake of each trust tier (X1 ... X7 in SPEC §6), an operator parameter.
///
/// The spec leaves the amounts open; the defaults decided here are 100000, 50000, 20000,
/// 10000, 5000, 1000 and 0 GRID for tiers 1 ... 7. Every stake is 0 or more, and a higher
/// tier never asks for less than the tier below it.
public struct TrustTierStakes: Sendable, Hashable {
    /// The defaults: 100000, 50000, 20000, 10000, 5000, 1000, 0 GRID.
    public static let `default` = TrustTierStakes(unchecked: [100_000, 50_000, 20_000, 10_000, 5_000, 1_000, 0].map {
        Amount(baseUnits: $0 * Amount.baseUnitsPerGRID)
    })

    /// Minimum stakes in tier order, index 0 for tier 1.
    private let minimums: [Amount]

    private init(unchecked minimums: [Amount]) {
        self.minimums = minimums
    }

    /// A stake table; each parameter defaults to its value in ``default``.
    public init(
        tier1: Amount = Self.default[.one],
        tier2: Amount = Self.default[.two],
        tier3: Amount = Self.default[.three],
        tier4: Amount = Self.default[.four],
        tier5: Amount = Self.default[.five],
        tier6: Amount = Self.default[.six],
        tier7: Amount = Self.default[.seven]
    ) throws(TierError) {
        let minimums = [tier1, tier2, tier3, tier4, tier5, tier6, tier7]
        for (tier, stake) in zip(TrustTier.allCases, minimums) where stake.isNegative {
            throw .negativeStake(tier, stake)
        }
        for index in 0..<(minimums.count - 1) where minimums[index] < minimums[index + 1] {
            throw .stakesNotDescending(TrustTier.allCases[index], minimums[index], below: TrustTier.allCases[index + 1], minimums[index + 1])
        }
        self.minimums = minimums
    }

    /// The minimum stake of `tier`.
    public subscript(tier: TrustTier) -> Amount {
        minimums[tier.rawValue - 1]
    }
}

extension TrustTierStakes: Codable {
    private struct TierKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ tier: TrustTier) { stringValue = "tier\(tier.rawValue)" }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes `{"tier1":"100000000000000000000000", ...}` (amounts in base units); a missing
    /// tier keeps its default, and the table is validated like the initializer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TierKey.self)
        var minimums: [Amount] = []
        for tier in TrustTier.allCases {
            minimums.append(try container.decodeIfPresent(Amount.self, forKey: TierKey(tier)) ?? Self.default[tier])
        }
        do {
            try self.init(
                tier1: minimums[0], tier2: minimums[1], tier3: minimums[2], tier4: minimums[3],
                tier5: minimums[4], tier6: minimums[5], tier7: minimums[6]
            )
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    /// Encodes every tier's stake as `"tierN"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TierKey.self)
        for tier in TrustTier.allCases {
            try container.encode(self[tier], forKey: TierKey(tier))
        }
    }
}
