public import GridCore

/// Why a ledger row, or the bytes of one, was refused.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct LedgerRowError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case timeOutOfRange, notPositive, negativeNumber, chargeOverflow, burnNotFirst, wrongBurn, payoutsDoNotAddUp
        case notUTF8, missingFinalLineFeed, badHeader, missingField, unexpectedLine, malformed, unknownKind
        case derivedMismatch, trailingLines
    }

    private let code: Code
    /// What was wrong, naming the field, for people.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A time before 1970 or after the year 9999.
    public static func timeOutOfRange(_ milliseconds: Int64) -> Self {
        .init(.timeOutOfRange, "time \(milliseconds) ms since 1970 is outside 1970-01-01 to 9999-12-31, the range a row can record")
    }

    /// An amount that must be above zero (or, for a payout, not below it).
    public static func notPositive(field: String, _ amount: Amount) -> Self {
        .init(.notPositive, "\(field) is \(amount.baseUnitsString) base units; it must be above zero")
    }

    /// A count that must not be negative.
    public static func negativeNumber(field: String, _ value: Int) -> Self {
        .init(.negativeNumber, "\(field) is \(value); it must not be negative")
    }

    /// A charge too large to compute.
    public static func chargeOverflow(_ detail: String) -> Self {
        .init(.chargeOverflow, "the charge is too large to compute: \(detail)")
    }

    /// A charge whose first payout is not the burn to the burn account.
    public static var burnNotFirst: Self {
        .init(.burnNotFirst, "a charge's first payout must be the burn, to the burn account \(SystemAccount.burn.id)")
    }

    /// A burned part other than the base fee × fuel.
    public static func wrongBurn(expected: Amount, found: Amount) -> Self {
        .init(.wrongBurn, "the burn is \(found.baseUnitsString) base units but the base fee × fuel is \(expected.baseUnitsString)")
    }

    /// Payouts whose sum is not the charge.
    public static func payoutsDoNotAddUp(total: Amount, sum: Amount) -> Self {
        .init(.payoutsDoNotAddUp, "the payouts sum to \(sum.baseUnitsString) base units but price × fuel is \(total.baseUnitsString)")
    }

    /// Entry bytes that are not UTF-8.
    public static var notUTF8: Self { .init(.notUTF8, "the entry is not UTF-8 text") }

    /// Entry bytes that do not end with a line feed.
    public static var missingFinalLineFeed: Self {
        .init(.missingFinalLineFeed, "the entry must end with a line feed (0x0A) after its last field")
    }

    /// An entry whose first line is not ``LedgerRow/header``.
    public static var badHeader: Self {
        .init(.badHeader, "the entry's first line must be '\(LedgerRow.header)'")
    }

    /// An entry that ends before a field it needs.
    public static func missingField(_ field: String) -> Self {
        .init(.missingField, "the entry ends where its '\(field)' line should be")
    }

    /// A line other than the one the order calls for.
    public static func unexpectedLine(line: Int, expected: String, found: String) -> Self {
        .init(.unexpectedLine, "line \(line) must be the '\(expected)' field, not '\(found)'")
    }

    /// A field whose value is not in its canonical form.
    public static func malformed(field: String, reason: String) -> Self {
        .init(.malformed, "field '\(field)' must be \(reason)")
    }

    /// A kind the encoding does not define.
    public static func unknownKind(_ kind: String) -> Self {
        .init(.unknownKind, "kind '\(kind)' is not one of \(LedgerEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// A derived field that does not follow from the others.
    public static func derivedMismatch(field: String, expected: String) -> Self {
        .init(.derivedMismatch, "field '\(field)' does not follow from the row's other fields, which give \(expected)")
    }

    /// Lines after the last field.
    public static func trailingLines(line: Int) -> Self {
        .init(.trailingLines, "line \(line) follows the row's last field")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
