/// What one trust tier demands in an era (SPEC §6), as exact integers.
///
/// Uptime, completion and response bounds are exclusive, as the spec's table writes them
/// ("> 99 %", "< 100 ms"); the stake bound is inclusive ("stake ≥ X").
public struct TrustTierRequirement: Sendable, Hashable {
    /// The tier these thresholds belong to.
    public let tier: TrustTier
    /// Uptime must be strictly above this, in basis points (9900 = 99%).
    public let uptimeAboveBasisPoints: Int
    /// Task completion must be strictly above this, in basis points.
    public let completionAboveBasisPoints: Int
    /// Mean response must be strictly below this, in milliseconds.
    public let meanResponseBelowMilliseconds: Int
    /// Stake must be at least this.
    public let minimumStake: Amount
    /// The reward multiplier in tenths (20 = 2.0).
    public let rewardMultiplierTenths: Int

    /// The SPEC §6 thresholds for `tier`, with its minimum stake from `stakes`.
    public init(tier: TrustTier, stakes: TrustTierStakes = .default) {
        self.tier = tier
        switch tier {
        case .one: (uptimeAboveBasisPoints, completionAboveBasisPoints, meanResponseBelowMilliseconds) = (9900, 9800, 100)
        case .two: (uptimeAboveBasisPoints, completionAboveBasisPoints, meanResponseBelowMilliseconds) = (9800, 9600, 150)
        case .three: (uptimeAboveBasisPoints, completionAboveBasisPoints, meanResponseBelowMilliseconds) = (9700, 9400, 200)
        case .four: (uptimeAboveBasisPoints, completionAboveBasisPoints, meanResponseBelowMilliseconds) = (9500, 9000, 250)
        case .five: (uptimeAboveBasisPoints, completionAboveBasisPoints, meanResponseBelowMilliseconds) = (9000, 8500, 300)
        case .six: (uptimeAboveBasisPoints, completionAboveBasisPoints, meanResponseBelowMilliseconds) = (8500, 8000, 400)
        case .seven: (uptimeAboveBasisPoints, completionAboveBasisPoints, meanResponseBelowMilliseconds) = (7500, 7500, 500)
        }
        self.minimumStake = stakes[tier]
        self.rewardMultiplierTenths = tier.rewardMultiplierTenths
    }

    /// True when the era's measurements meet every threshold of this tier.
    public func isMet(uptimeBasisPoints: Int, completionBasisPoints: Int, meanResponseMilliseconds: Int, stake: Amount) -> Bool {
        uptimeBasisPoints > uptimeAboveBasisPoints
            && completionBasisPoints > completionAboveBasisPoints
            && meanResponseMilliseconds < meanResponseBelowMilliseconds
            && stake >= minimumStake
    }

    /// `reward` scaled by this tier's multiplier, rounded down so the pool is never overdrawn.
    public func scaledReward(_ reward: Amount) throws(AmountError) -> Amount {
        try reward.multiplied(by: Int128(rewardMultiplierTenths), dividedBy: 10, rounding: .down)
    }
}
