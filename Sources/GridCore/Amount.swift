/// An amount of GRID, the network's token, as an exact integer of base units.
///
/// GRID has 18 decimals: one GRID is 10^18 base units. Amounts are never floating point;
/// arithmetic that would leave the `Int128` range throws ``AmountError`` instead of trapping.
/// On the wire (JSON, SQLite) an amount is a decimal string of base units; for people,
/// ``description`` prints GRID with a decimal point.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number of decimals of GRID.
    public static let decimals = 18
    /// Base units in one GRID (10^18).
    public static let baseUnitsPerGRID: Int128 = 1_000_000_000_000_000_000
    /// No GRID at all.
    public static let zero = Amount(baseUnits: 0)

    /// The value in base units (10^-18 GRID).
    public let baseUnits: Int128

    /// An amount of exactly `baseUnits` base units.
    public init(baseUnits: Int128) {
        self.baseUnits = baseUnits
    }

    /// An amount of whole GRID; throws when `grid` × 10^18 does not fit `Int128`.
    public init(grid: Int128) throws(AmountError) {
        let (product, overflow) = grid.multipliedReportingOverflow(by: Self.baseUnitsPerGRID)
        guard !overflow else { throw .overflow("\(grid) GRID × 10^18 base units") }
        self.baseUnits = product
    }

    /// True when the amount is below zero.
    public var isNegative: Bool { baseUnits < 0 }

    /// True when the amount is exactly zero.
    public var isZero: Bool { baseUnits == 0 }

    /// The raw base units as a decimal integer, the wire form (`"1500000000000000000"`).
    public var baseUnitsString: String { String(baseUnits) }

    /// GRID with the fraction's trailing zeros trimmed: `"1.5 GRID"`, `"0 GRID"`,
    /// `"-0.000000000000000001 GRID"`.
    public var description: String {
        // The magnitude, so Int128.min prints without overflowing on negation.
        FixedPointText.format(magnitude: baseUnits.magnitude, decimals: Self.decimals, negative: baseUnits < 0) + " GRID"
    }

    /// Orders by value.
    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.baseUnits < rhs.baseUnits }
}
