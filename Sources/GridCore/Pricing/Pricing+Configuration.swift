public import Foundation

extension Pricing {
    /// The parameters of the pricing rules, every one defaulted (SPEC.md 5).
    ///
    /// Any value can be set; ``Pricing/init(_:)`` validates the whole and names the first bad
    /// field. Prices, multipliers and shares are exact fixed-point values, never floating point.
    public struct Configuration: Sendable, Hashable {
        /// The reference price per fuel on day 0, before deflation compensation and the demand
        /// multiplier. Default: 10^6 base units per fuel, so 10^9 fuel cost 10^15 base units
        /// (0.001 GRID) on day 0 at β = 1. Must be greater than 0.
        public var referencePriceAtDayZero: PricePerFuel
        /// Day 0 of deflation compensation and of the pricing epochs: the UTC calendar day that
        /// contains this instant. Default: 2025-01-01 (UTC). Must lie in the years 1970 to 9999.
        public var dayZero: Date
        /// How long one pricing epoch lasts; epochs are counted from midnight UTC of day 0.
        /// Default: one hour. Must be a whole number of seconds from 1 s to 1 day.
        public var epochLength: Duration
        /// The demand multiplier of the first epoch. Default: 1.
        public var initialDemandMultiplier: DemandMultiplier
        /// The lowest the demand multiplier may fall. Default: 0.1.
        public var minimumDemandMultiplier: DemandMultiplier
        /// The highest the demand multiplier may rise. Default: 10.
        public var maximumDemandMultiplier: DemandMultiplier
        /// How a charge beyond the burned base fee is shared. Default: ``PayoutSplit/standard``
        /// (0.75 provider, 0.05 developer, 0.20 operator).
        public var split: PayoutSplit
        /// Pending earnings below this are not paid out but carried to the next settlement
        /// (CPUcoin). Default: 10^15 base units (0.001 GRID). Must be 0 or more.
        public var minimumPayout: Amount

        /// 10^6 base units per fuel.
        public static let defaultReferencePriceAtDayZero = PricePerFuel(checked: 1_000_000 * PricePerFuel.fuelScale)
        /// 2025-01-01T00:00:00Z.
        public static let defaultDayZero = Date(timeIntervalSince1970: 1_735_689_600)
        /// 0.1.
        public static let defaultMinimumDemandMultiplier = DemandMultiplier(checked: DemandMultiplier.scale / 10)
        /// 10.
        public static let defaultMaximumDemandMultiplier = DemandMultiplier(checked: DemandMultiplier.scale * 10)
        /// 10^15 base units (0.001 GRID).
        public static let defaultMinimumPayout = Amount(baseUnits: 1_000_000_000_000_000)

        /// A configuration; every parameter has a default.
        public init(
            referencePriceAtDayZero: PricePerFuel = Configuration.defaultReferencePriceAtDayZero,
            dayZero: Date = Configuration.defaultDayZero,
            epochLength: Duration = .seconds(3600),
            initialDemandMultiplier: DemandMultiplier = .one,
            minimumDemandMultiplier: DemandMultiplier = Configuration.defaultMinimumDemandMultiplier,
            maximumDemandMultiplier: DemandMultiplier = Configuration.defaultMaximumDemandMultiplier,
            split: PayoutSplit = .standard,
            minimumPayout: Amount = Configuration.defaultMinimumPayout
        ) {
            self.referencePriceAtDayZero = referencePriceAtDayZero
            self.dayZero = dayZero
            self.epochLength = epochLength
            self.initialDemandMultiplier = initialDemandMultiplier
            self.minimumDemandMultiplier = minimumDemandMultiplier
            self.maximumDemandMultiplier = maximumDemandMultiplier
            self.split = split
            self.minimumPayout = minimumPayout
        }

        /// Throws, naming the field, when a parameter is outside what its rule allows.
        public func validate() throws(PricingError) {
            guard !referencePriceAtDayZero.isZero else {
                throw .notPositive(field: "referencePriceAtDayZero", value: referencePriceAtDayZero.description)
            }
            let seconds = dayZero.timeIntervalSince1970
            // 1970-01-01 … 9999-12-31: keeps every day and epoch count far inside Int64.
            guard seconds.isFinite, seconds >= 0, seconds < 253_402_300_800 else {
                throw .outOfRange(field: "dayZero", value: "\(dayZero)", allowed: "day 0 must lie between 1970-01-01 and 9999-12-31 UTC")
            }
            let (epochSeconds, epochFraction) = epochLength.components
            guard epochFraction == 0, (1...86_400).contains(epochSeconds) else {
                throw .outOfRange(field: "epochLength", value: "\(epochLength)",
                                  allowed: "a pricing epoch must be a whole number of seconds from 1 to 86400 (one day)")
            }
            guard minimumDemandMultiplier <= maximumDemandMultiplier else {
                throw .outOfRange(field: "maximumDemandMultiplier", value: maximumDemandMultiplier.description,
                                  allowed: "it must be at least minimumDemandMultiplier (\(minimumDemandMultiplier))")
            }
            guard (minimumDemandMultiplier...maximumDemandMultiplier).contains(initialDemandMultiplier) else {
                throw .outOfRange(field: "initialDemandMultiplier", value: initialDemandMultiplier.description,
                                  allowed: "it must lie between minimumDemandMultiplier (\(minimumDemandMultiplier)) and maximumDemandMultiplier (\(maximumDemandMultiplier))")
            }
            // The largest base fee must still be a price: reference × maximum multiplier fits.
            do {
                _ = try referencePriceAtDayZero.multiplied(by: maximumDemandMultiplier)
            } catch {
                throw .overflow(field: "maximumDemandMultiplier", operation: "\(referencePriceAtDayZero) × \(maximumDemandMultiplier)")
            }
            guard !minimumPayout.isNegative else {
                throw .negative(field: "minimumPayout", value: minimumPayout.baseUnitsString)
            }
        }
    }
}
