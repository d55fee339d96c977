/// Exact decimal text of a fixed-point value: the whole part, then the fraction's digits with
/// their trailing zeros trimmed (none when the fraction is zero). Amounts, prices per fuel and
/// demand multipliers all print this way.
enum FixedPointText {
    /// `magnitude` ÷ 10^`decimals` as text, with a leading `-` when `negative`.
    static func format(magnitude: UInt128, decimals: Int, negative: Bool = false) -> String {
        var scale: UInt128 = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = magnitude / scale
        let fraction = magnitude % scale
        let sign = negative ? "-" : ""
        guard fraction != 0 else { return "\(sign)\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: decimals - digits.count) + digits
        while digits.last == "0" { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }
}
