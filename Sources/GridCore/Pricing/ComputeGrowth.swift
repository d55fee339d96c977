/// How much more compute one token buys on a given day than on day 0, under CPUcoin's deflation
/// compensation: K = 2^(1/730) ≈ 1.000949967619 per day, so the amount doubles every 730 days
/// (hardware cost halving every two years) and the reference price per fuel on day d is
/// price₀ ÷ K^d.
///
/// Exact integer math, the same on every machine: K^d = 2^(d/730) is split into
/// 2^⌊d/730⌋ × 2^((d mod 730)/730). The whole doublings are a shift; the fraction in [1, 2) is a
/// fixed-point number over 10^36, computed as K^(d mod 730) by exponentiation by squaring from
/// ``k`` (2^(1/730) × 10^36, rounded down), every product rounded **down**. So the fraction
/// never exceeds the exact value and falls short of it by less than 3 × 10^-33 (at most
/// 2,144 × 10^-36 over the 730 possible fractions, checked against a 120-digit computation) —
/// far below the 10^-18 base unit per fuel a price can express — and every 730th day is exactly
/// a power of two. ``growing(_:rounding:)`` and ``shrinking(_:rounding:)`` round once, at the end.
public struct ComputeGrowth: Sendable, Hashable, CustomStringConvertible {
    /// Days in which the compute per token doubles.
    public static let daysPerDoubling = 730
    /// The fixed-point denominator of ``fraction``: 10^36.
    public static let scale: UInt128 = 1_000_000_000_000_000_000_000_000_000_000_000_000
    /// K = 2^(1/730) × 10^36, rounded down
    /// (2^(1/730) = 1.000949967619378489077666650627278073995…).
    public static let k: UInt128 = 1_000_949_967_619_378_489_077_666_650_627_278_073

    /// The day this growth is for, counted from day 0.
    public let day: Int
    /// ⌊day / 730⌋: whole doublings.
    public let doublings: Int
    /// 2^((day mod 730)/730) × 10^36, rounded down: in [10^36, 2 × 10^36).
    public let fraction: UInt128

    /// The growth on `day` days after day 0; days before day 0 are refused.
    public init(day: Int) throws(PricingError) {
        guard day >= 0 else { throw .negative(field: "day", value: String(day)) }
        self.day = day
        self.doublings = day / Self.daysPerDoubling
        self.fraction = Self.power(of: Self.k, exponent: day % Self.daysPerDoubling)
    }

    /// `value` × 2^(day/730), rounded as asked: e.g. the compute one token buys on this day,
    /// given what it bought on day 0. Throws when the result does not fit `UInt128`.
    public func growing(_ value: UInt128, rounding: Amount.Rounding) throws(PricingError) -> UInt128 {
        // Shift first, so the one rounding is of the exact product; when value × 2^q does not
        // fit, neither does the result, since the fraction is at least 1.
        guard let shifted = WideArithmetic.multiply(value, byPowerOfTwo: doublings),
              let grown = WideArithmetic.multiply(shifted, by: fraction, dividedBy: Self.scale, rounding: rounding)
        else { throw .overflow(field: "day", operation: "\(value) × 2^(\(day)/730)") }
        return grown
    }

    /// `value` ÷ 2^(day/730), rounded as asked: e.g. the reference price on this day, given the
    /// price on day 0. Never overflows; far enough out it reaches 0 (or 1 rounding up).
    public func shrinking(_ value: UInt128, rounding: Amount.Rounding) -> UInt128 {
        // fraction ≥ 10^36 = scale, so value × scale ÷ fraction ≤ value: it always fits.
        let divided = WideArithmetic.multiply(value, by: Self.scale, dividedBy: fraction, rounding: rounding) ?? value
        // ⌊⌊x⌋ ÷ 2^q⌋ = ⌊x ÷ 2^q⌋ and likewise for the ceiling, so rounding happens once in effect.
        return WideArithmetic.divide(divided, byPowerOfTwo: doublings, rounding: rounding)
    }

    /// `2^doublings × fraction/10^36`, exactly as held: `"day 365: 2^0 × 1.414213562373095048801688724209697318"`.
    public var description: String {
        let whole = fraction / Self.scale
        var digits = String(fraction % Self.scale)
        digits = String(repeating: "0", count: 36 - digits.count) + digits
        return "day \(day): 2^\(doublings) × \(whole).\(digits)"
    }

    /// base^exponent over 10^36 by squaring, each product rounded down; base ≥ 10^36.
    private static func power(of base: UInt128, exponent: Int) -> UInt128 {
        var result = scale
        var factor = base
        var remaining = exponent
        // Every intermediate stays below 2 × 10^36 because exponent < 730 keeps K^e < 2, and
        // the squares taken are of K^(2^i) with 2^i ≤ exponent.
        while remaining > 0 {
            if remaining & 1 == 1 {
                result = WideArithmetic.multiply(result, by: factor, dividedBy: scale, rounding: .down)!
            }
            remaining >>= 1
            if remaining > 0 {
                factor = WideArithmetic.multiply(factor, by: factor, dividedBy: scale, rounding: .down)!
            }
        }
        return result
    }
}
