/// The demand multiplier β of DPN's base fee, an exact fixed-point number in parts per 10^12.
///
/// Every pricing epoch the multiplier follows demand: β' = β × (1 + Δβ), with
/// Δβ = 0.05 · (D − S) / S clamped to ±5%, where D is the fuel demanded in the epoch and S the
/// fuel the online workers can supply in it (``next(demand:supply:within:)``). The base fee,
/// reference price × β, is burned.
public struct DemandMultiplier: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fixed denominator: β = ``partsPerTrillion`` ÷ 10^12.
    public static let scale: Int128 = 1_000_000_000_000
    /// β = 1: the base fee equals the reference price.
    public static let one = DemandMultiplier(checked: scale)

    /// β in parts per 10^12; always greater than 0.
    public let partsPerTrillion: Int128

    /// β = `partsPerTrillion` ÷ 10^12; zero and negative multipliers are refused.
    public init(partsPerTrillion: Int128) throws(PricingError) {
        guard partsPerTrillion > 0 else {
            throw .notPositive(field: "partsPerTrillion", value: String(partsPerTrillion))
        }
        self.partsPerTrillion = partsPerTrillion
    }

    init(checked partsPerTrillion: Int128) {
        precondition(partsPerTrillion > 0, "a checked demand multiplier is positive")
        self.partsPerTrillion = partsPerTrillion
    }

    /// The multiplier for the next epoch, by DPN's rule, kept within `bounds`.
    ///
    /// With Δβ = 0.05 · (D − S) / S clamped to [−0.05, +0.05], β' = β × (1 + Δβ)
    /// = β × (19·S + min(D, 2·S)) ÷ (20·S), computed exactly and rounded **down** to a part
    /// per 10^12, then clamped to `bounds`. So D = S leaves β unchanged, D ≥ 2·S raises it
    /// 5%, D = 0 lowers it 5%, and D = 1.5·S raises it 2.5%.
    ///
    /// When S = 0 (no worker online) the rule's ratio is undefined; then any demand (D > 0)
    /// counts as the most demand there can be and raises β the full 5%, and no demand leaves
    /// it unchanged.
    public func next(demand: UInt64, supply: UInt64, within bounds: ClosedRange<DemandMultiplier>) -> DemandMultiplier {
        let numerator: UInt128
        let denominator: UInt128
        if supply == 0 {
            (numerator, denominator) = demand > 0 ? (21, 20) : (1, 1)
        } else {
            let s = UInt128(supply)
            numerator = 19 * s + min(UInt128(demand), 2 * s)
            denominator = 20 * s
        }
        // β ≤ Int128.max and the factor ≤ 21/20, so the quotient fits 128 bits.
        let raw = WideArithmetic.multiply(
            UInt128(partsPerTrillion), by: numerator, dividedBy: denominator, rounding: .down) ?? UInt128(Int128.max)
        let value = WideArithmetic.signed(raw) ?? Int128.max
        let lower = bounds.lowerBound.partsPerTrillion
        let upper = bounds.upperBound.partsPerTrillion
        return DemandMultiplier(checked: min(max(value, lower), upper))
    }

    /// β as an exact decimal with a trailing `×`: `"1×"`, `"1.05×"`, `"0.95×"`.
    public var description: String {
        // Never negative (checked at init).
        FixedPointText.format(magnitude: partsPerTrillion.magnitude, decimals: 12) + "×"
    }

    /// Orders by value.
    public static func < (lhs: DemandMultiplier, rhs: DemandMultiplier) -> Bool {
        lhs.partsPerTrillion < rhs.partsPerTrillion
    }
}
