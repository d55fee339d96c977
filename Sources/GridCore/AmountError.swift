/// Why an ``Amount`` could not be parsed, decoded or computed.
///
/// A growable error: the kinds live in a private code, so new kinds can be added without
/// breaking callers. Two errors are equal when they are of the same kind, whatever their
/// message, so callers and tests can match a kind with `==`.
public struct AmountError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case empty
        case malformed
        case fractionWithoutUnit
        case tooManyFractionDigits
        case unknownUnit
        case outOfRange
        case overflow
        case nonPositiveDenominator
    }

    private let code: Code
    /// What went wrong and what to do, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The text was empty.
    public static func empty() -> Self {
        .init(code: .empty, message: "an amount cannot be empty: write e.g. \"1.5 GRID\" or integer base units like \"1500000000000000000\"")
    }

    /// The text is not an amount at all.
    public static func malformed(_ text: String) -> Self {
        .init(code: .malformed, message: "'\(text)' is not an amount: write e.g. \"1.5 GRID\" or integer base units like \"1500000000000000000\"")
    }

    /// A decimal fraction was written without the GRID unit, which would make it ambiguous.
    public static func fractionWithoutUnit(_ text: String) -> Self {
        .init(code: .fractionWithoutUnit, message: "'\(text)' has a fraction but no unit: add GRID (e.g. \"\(text) GRID\"); a bare number means integer base units")
    }

    /// More fraction digits than GRID's 18 decimals.
    public static func tooManyFractionDigits(_ text: String, digits: Int) -> Self {
        .init(code: .tooManyFractionDigits, message: "'\(text)' has \(digits) fraction digits: GRID has at most \(Amount.decimals) decimals")
    }

    /// A unit other than GRID.
    public static func unknownUnit(_ text: String, unit: String) -> Self {
        .init(code: .unknownUnit, message: "'\(text)' uses the unit '\(unit)': the only unit is GRID")
    }

    /// The value is well formed but does not fit the amount range.
    public static func outOfRange(_ text: String) -> Self {
        .init(code: .outOfRange, message: "'\(text)' is outside the amount range: amounts lie between \(Amount(baseUnits: .min)) and \(Amount(baseUnits: .max))")
    }

    /// An arithmetic result does not fit the amount range.
    public static func overflow(_ operation: String) -> Self {
        .init(code: .overflow, message: "\(operation) overflows: amounts lie between \(Amount(baseUnits: .min)) and \(Amount(baseUnits: .max))")
    }

    /// A scaling denominator was zero or negative.
    public static func nonPositiveDenominator(_ denominator: Int128) -> Self {
        .init(code: .nonPositiveDenominator, message: "denominator \(denominator) is not allowed: a scaling denominator must be greater than 0")
    }

    /// Same kind of error, whatever the message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The message.
    public var description: String { message }
}
