public import Foundation

/// The pricing and payout rules of SPEC.md 5, over a validated ``Configuration``: the reference
/// price under deflation compensation, DPN's demand multiplier per epoch, quotes against a
/// client's cap, the maximum cost escrow holds, and the payout split. Pure: no I/O, no clock;
/// the caller passes the date.
public struct Pricing: Sendable, Hashable {
    /// The parameters, already validated.
    public let configuration: Configuration

    /// Rules over `configuration`; throws, naming the field, when it is invalid.
    public init(_ configuration: Configuration = Configuration()) throws(PricingError) {
        try configuration.validate()
        self.configuration = configuration
    }

    /// The range the demand multiplier is kept within.
    public var demandMultiplierBounds: ClosedRange<DemandMultiplier> {
        configuration.minimumDemandMultiplier...configuration.maximumDemandMultiplier
    }

    /// The reference price per fuel `day` days after day 0: price₀ ÷ 2^(day/730), rounded down
    /// to 10^-18 base unit per fuel (see ``ComputeGrowth``). Throws for a negative day.
    public func referencePrice(day: Int) throws(PricingError) -> PricePerFuel {
        let growth = try ComputeGrowth(day: day)
        let price = growth.shrinking(UInt128(configuration.referencePriceAtDayZero.baseUnitsPerExafuel), rounding: .down)
        // Never above price₀, so it fits.
        return PricePerFuel(checked: Int128(price))
    }

    /// The reference price per fuel on the UTC day of `date` (day 0's price before day 0).
    public func referencePrice(at date: Date) -> PricePerFuel {
        // day(of:) is never negative, so this cannot throw.
        (try? referencePrice(day: day(of: date))) ?? configuration.referencePriceAtDayZero
    }

    /// The demand multiplier for the epoch after one with multiplier `current`, `demand` fuel
    /// demanded and `supply` fuel the online workers could supply, by DPN's rule, within
    /// ``demandMultiplierBounds`` (see ``DemandMultiplier/next(demand:supply:within:)``).
    public func nextDemandMultiplier(after current: DemandMultiplier, demand: UInt64, supply: UInt64) -> DemandMultiplier {
        current.next(demand: demand, supply: supply, within: demandMultiplierBounds)
    }

    /// The quote on day `day` for a worker bidding `bid` per fuel in an epoch whose demand
    /// multiplier is `demandMultiplier`.
    public func quote(day: Int, demandMultiplier: DemandMultiplier, bid: PricePerFuel) throws(PricingError) -> Quote {
        try Quote(referencePrice: referencePrice(day: day), demandMultiplier: demandMultiplier, bid: bid)
    }

    /// The quote on the UTC day of `date`.
    public func quote(at date: Date, demandMultiplier: DemandMultiplier, bid: PricePerFuel) throws(PricingError) -> Quote {
        try quote(day: day(of: date), demandMultiplier: demandMultiplier, bid: bid)
    }

    /// Splits a replica's charge by the configured ``Configuration/split``.
    public func split(_ charge: Charge, charity: CharityDirections = .none) -> PayoutParts {
        configuration.split.split(charge, charity: charity)
    }

    /// How much of a beneficiary's `pending` earnings a settlement pays out: all of it when it
    /// reaches `minimum` (``Configuration/minimumPayout``), otherwise nothing (it carries over).
    /// The store's settlement and the auditor's replay both apply it. Throws for a negative
    /// pending amount.
    public static func payout(pending: Amount, minimum: Amount) throws(PricingError) -> Amount {
        guard !pending.isNegative else { throw .negative(field: "pending", value: pending.baseUnitsString) }
        return pending >= minimum ? pending : .zero
    }
}
