/// A provider's reputation tier (Spheron's seven tiers), re-evaluated every era.
///
/// Tier 1 is the best and orders first: `.one < .seven`. Encoded as the bare number, 1...7.
/// What each tier demands is in ``TrustTierRequirement``.
public enum TrustTier: Int, Sendable, CaseIterable, Comparable {
    /// Tier 1, the highest: reward multiplier 2.0.
    case one = 1
    /// Tier 2: reward multiplier 1.7.
    case two = 2
    /// Tier 3: reward multiplier 1.5.
    case three = 3
    /// Tier 4: reward multiplier 1.2.
    case four = 4
    /// Tier 5: reward multiplier 1.1.
    case five = 5
    /// Tier 6: reward multiplier 1.0.
    case six = 6
    /// Tier 7, the lowest: no tier reward.
    case seven = 7

    /// The tier numbered `rawValue`, or an error naming the allowed numbers.
    public init(validating rawValue: Int) throws(TierError) {
        guard let tier = TrustTier(rawValue: rawValue) else { throw .unknownTrustTier(rawValue) }
        self = tier
    }

    /// The liveness-reward multiplier in tenths (20 means 2.0), exact so rewards stay integer.
    public var rewardMultiplierTenths: Int {
        switch self {
        case .one: 20
        case .two: 17
        case .three: 15
        case .four: 12
        case .five: 11
        case .six: 10
        case .seven: 0
        }
    }

    /// What this tier demands, with minimum stakes taken from `stakes`.
    public func requirement(stakes: TrustTierStakes = .default) -> TrustTierRequirement {
        TrustTierRequirement(tier: self, stakes: stakes)
    }

    /// The highest tier whose every threshold the measurements meet, or nil when not even
    /// tier 7's are met. One era's snapshot only: promotion and demotion over several eras
    /// are decided elsewhere.
    ///
    /// - Parameters:
    ///   - uptimeBasisPoints: uptime in the era, 10000 = 100%.
    ///   - completionBasisPoints: share of assigned tasks completed, 10000 = 100%.
    ///   - meanResponseMilliseconds: mean response time in the era.
    ///   - stake: the provider's stake, including delegations.
    ///   - stakes: the minimum stake per tier.
    public static func highestMet(
        uptimeBasisPoints: Int,
        completionBasisPoints: Int,
        meanResponseMilliseconds: Int,
        stake: Amount,
        stakes: TrustTierStakes = .default
    ) -> TrustTier? {
        // Every threshold weakens from tier 1 to 7, so the first tier met is the highest.
        allCases.first { tier in
            tier.requirement(stakes: stakes).isMet(
                uptimeBasisPoints: uptimeBasisPoints,
                completionBasisPoints: completionBasisPoints,
                meanResponseMilliseconds: meanResponseMilliseconds,
                stake: stake
            )
        }
    }

    /// Orders by number: the better tier first.
    public static func < (lhs: TrustTier, rhs: TrustTier) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension TrustTier: Codable {
    /// Decodes the tier number, refusing numbers outside 1...7 with a message naming them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int.self)
        do {
            try self.init(validating: value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    /// Encodes the tier number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
