/// A price of compute: base units of GRID per unit of fuel, as an exact fixed-point number.
///
/// A price is stored as an integer numerator over the fixed denominator ``fuelScale`` (10^18):
/// ``baseUnitsPerExafuel`` is what 10^18 fuel cost, in base units. So one base unit per fuel is
/// 10^18, and the smallest step is 10^-18 base unit per fuel; the largest price, `Int128.max`,
/// is about 1.7·10^20 base units (170 GRID) per fuel. Prices are never negative and never
/// floating point.
///
/// Multiplying by fuel (``cost(fuel:)``) keeps the product at 256 bits and rounds **down**
/// once, at the end, so a charge never exceeds the exact price × fuel: rounding can never
/// create a base unit.
public struct PricePerFuel: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fixed denominator: a price is ``baseUnitsPerExafuel`` ÷ 10^18 base units per fuel.
    public static let fuelScale: Int128 = 1_000_000_000_000_000_000
    /// Free compute.
    public static let zero = PricePerFuel(checked: 0)

    /// Base units that 10^18 fuel cost: the numerator over ``fuelScale``. Never negative.
    public let baseUnitsPerExafuel: Int128

    /// A price of `baseUnitsPerExafuel` ÷ 10^18 base units per fuel; negative prices are refused.
    public init(baseUnitsPerExafuel: Int128) throws(PricingError) {
        guard baseUnitsPerExafuel >= 0 else {
            throw .negative(field: "baseUnitsPerExafuel", value: String(baseUnitsPerExafuel))
        }
        self.baseUnitsPerExafuel = baseUnitsPerExafuel
    }

    /// A price of whole base units per fuel, such as a worker's ``WorkerPrices/cpuPerFuel``.
    ///
    /// Throws when the amount is negative or above about 170 GRID per fuel.
    public init(perFuel amount: Amount) throws(PricingError) {
        guard !amount.isNegative else { throw .negative(field: "perFuel", value: amount.baseUnitsString) }
        let (scaled, overflow) = amount.baseUnits.multipliedReportingOverflow(by: Self.fuelScale)
        guard !overflow else { throw .overflow(field: "perFuel", operation: "\(amount.baseUnits) base units × 10^18") }
        self.baseUnitsPerExafuel = scaled
    }

    /// The price of `amount` for every `fuel` units of fuel, rounded as asked to the nearest
    /// 10^-18 base unit per fuel: `PricePerFuel(Amount(baseUnits: 1), per: 1000, rounding: .down)`
    /// is a thousandth of a base unit per fuel.
    public init(_ amount: Amount, per fuel: UInt64, rounding: Amount.Rounding) throws(PricingError) {
        guard !amount.isNegative else { throw .negative(field: "amount", value: amount.baseUnitsString) }
        guard fuel > 0 else { throw .notPositive(field: "fuel", value: "0") }
        guard let scaled = WideArithmetic.multiply(
            UInt128(amount.baseUnits), by: UInt128(Self.fuelScale), dividedBy: UInt128(fuel), rounding: rounding),
            let value = WideArithmetic.signed(scaled)
        else { throw .overflow(field: "amount", operation: "\(amount.baseUnits) base units per \(fuel) fuel") }
        self.baseUnitsPerExafuel = value
    }

    /// For values already known to be non-negative.
    init(checked baseUnitsPerExafuel: Int128) {
        precondition(baseUnitsPerExafuel >= 0, "a checked price is never negative")
        self.baseUnitsPerExafuel = baseUnitsPerExafuel
    }

    /// True for free compute.
    public var isZero: Bool { baseUnitsPerExafuel == 0 }

    /// Base units per fuel as an exact decimal: `"0.000001"`, `"1000000"`, `"0"`.
    public var description: String {
        // Never negative (checked at init).
        FixedPointText.format(magnitude: baseUnitsPerExafuel.magnitude, decimals: 18) + " base units per fuel"
    }

    /// Orders by value.
    public static func < (lhs: PricePerFuel, rhs: PricePerFuel) -> Bool {
        lhs.baseUnitsPerExafuel < rhs.baseUnitsPerExafuel
    }
}
