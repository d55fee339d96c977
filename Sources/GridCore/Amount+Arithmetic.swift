extension Amount {
    /// How ``Amount/multiplied(by:dividedBy:rounding:)`` rounds an inexact quotient.
    public enum Rounding: Sendable, Hashable {
        /// Toward negative infinity (floor): a payout never exceeds what is owed.
        case down
        /// Toward positive infinity (ceiling): a hold always covers the cost.
        case up
    }

    /// The sum, or ``AmountError`` when it leaves the `Int128` range.
    public func adding(_ other: Amount) throws(AmountError) -> Amount {
        let (sum, overflow) = baseUnits.addingReportingOverflow(other.baseUnits)
        guard !overflow else { throw .overflow("\(self) + \(other)") }
        return Amount(baseUnits: sum)
    }

    /// The difference, or ``AmountError`` when it leaves the `Int128` range.
    public func subtracting(_ other: Amount) throws(AmountError) -> Amount {
        let (difference, overflow) = baseUnits.subtractingReportingOverflow(other.baseUnits)
        guard !overflow else { throw .overflow("\(self) - \(other)") }
        return Amount(baseUnits: difference)
    }

    /// The amount times an integer factor, or ``AmountError`` on overflow.
    public func multiplied(by factor: Int128) throws(AmountError) -> Amount {
        let (product, overflow) = baseUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow("\(self) × \(factor)") }
        return Amount(baseUnits: product)
    }

    /// The opposite amount; only `Int128.min` base units has none.
    public func negated() throws(AmountError) -> Amount {
        let (negation, overflow) = Int128(0).subtractingReportingOverflow(baseUnits)
        guard !overflow else { throw .overflow("-(\(self))") }
        return Amount(baseUnits: negation)
    }

    /// `self × numerator ÷ denominator`, rounded as asked, for prices and shares.
    ///
    /// The product is kept at 256 bits, so only the final quotient has to fit `Int128`:
    /// `Amount(grid: 10^20).multiplied(by: 10^18, dividedBy: 10^18, rounding: .down)` works.
    /// Throws when `denominator` ≤ 0 or the quotient leaves the `Int128` range.
    public func multiplied(by numerator: Int128, dividedBy denominator: Int128, rounding: Rounding) throws(AmountError) -> Amount {
        guard denominator > 0 else { throw .nonPositiveDenominator(denominator) }
        let operation = "\(self) × \(numerator) ÷ \(denominator)"
        let negative = (baseUnits < 0) != (numerator < 0) && baseUnits != 0 && numerator != 0
        // Divide magnitudes, then apply the sign, so rounding direction is explicit.
        let product = baseUnits.magnitude.multipliedFullWidth(by: numerator.magnitude)
        let divisor = denominator.magnitude
        // dividingFullWidth traps when the quotient does not fit 128 bits; it fits iff high < divisor.
        guard product.high < divisor else { throw .overflow(operation) }
        let (exactQuotient, remainder) = divisor.dividingFullWidth(product)
        var quotient = exactQuotient
        let roundsAwayFromZero = remainder != 0 && (negative ? rounding == .down : rounding == .up)
        if roundsAwayFromZero {
            let (next, overflow) = quotient.addingReportingOverflow(1)
            guard !overflow else { throw .overflow(operation) }
            quotient = next
        }
        if negative {
            // Int128.min's magnitude is Int128.max + 1.
            let minMagnitude = Int128.min.magnitude
            guard quotient <= minMagnitude else { throw .overflow(operation) }
            return Amount(baseUnits: quotient == minMagnitude ? .min : -Int128(quotient))
        }
        guard quotient <= UInt128(Int128.max) else { throw .overflow(operation) }
        return Amount(baseUnits: Int128(quotient))
    }

    /// The sum; use as `try a + b`. Throws ``AmountError`` on overflow instead of trapping.
    public static func + (lhs: Amount, rhs: Amount) throws(AmountError) -> Amount {
        try lhs.adding(rhs)
    }

    /// The difference; use as `try a - b`. Throws ``AmountError`` on overflow instead of trapping.
    public static func - (lhs: Amount, rhs: Amount) throws(AmountError) -> Amount {
        try lhs.subtracting(rhs)
    }
}
