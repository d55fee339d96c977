/// Exact unsigned arithmetic for the pricing rules: products kept at 256 bits, one rounding
/// at the end, and nil instead of a trap when a result leaves 128 bits.
enum WideArithmetic {
    /// `value × numerator ÷ denominator`, rounded as asked; nil when `denominator` is 0 or the
    /// quotient does not fit `UInt128`.
    static func multiply(_ value: UInt128, by numerator: UInt128, dividedBy denominator: UInt128, rounding: Amount.Rounding) -> UInt128? {
        guard denominator > 0 else { return nil }
        let product = value.multipliedFullWidth(by: numerator)
        // dividingFullWidth traps when the quotient does not fit; it fits iff high < divisor.
        guard product.high < denominator else { return nil }
        let (quotient, remainder) = denominator.dividingFullWidth(product)
        guard rounding == .up, remainder != 0 else { return quotient }
        let (next, overflow) = quotient.addingReportingOverflow(1)
        return overflow ? nil : next
    }

    /// `value ÷ 2^exponent`, rounded as asked; any exponent, 0 past the width when rounding down.
    static func divide(_ value: UInt128, byPowerOfTwo exponent: Int, rounding: Amount.Rounding) -> UInt128 {
        precondition(exponent >= 0, "the exponent of a power of two divisor is never negative here")
        guard exponent < UInt128.bitWidth else { return rounding == .up && value != 0 ? 1 : 0 }
        let quotient = value >> exponent
        let inexact = value & ((UInt128(1) << exponent) &- 1) != 0
        return rounding == .up && inexact ? quotient + 1 : quotient
    }

    /// `value × 2^exponent`; nil when it does not fit `UInt128`.
    static func multiply(_ value: UInt128, byPowerOfTwo exponent: Int) -> UInt128? {
        precondition(exponent >= 0, "the exponent of a power of two factor is never negative here")
        guard value != 0 else { return 0 }
        guard exponent < UInt128.bitWidth, value.leadingZeroBitCount >= exponent else { return nil }
        return value << exponent
    }

    /// The non-negative `Int128` holding `value`; nil above `Int128.max`.
    static func signed(_ value: UInt128) -> Int128? {
        value <= UInt128(Int128.max) ? Int128(value) : nil
    }
}
