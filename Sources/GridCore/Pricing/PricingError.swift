/// Why a pricing rule refused its input or could not give an exact answer.
///
/// A growable error: the kinds live in a private code, so new kinds can be added without
/// breaking callers. Two errors are equal when they are of the same kind, whatever their field
/// or message, as elsewhere in Idlegrid; tests that care check ``field`` and ``message``.
public struct PricingError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case negative
        case notPositive
        case overflow
        case shareOutOfRange
        case sharesOverWhole
        case outOfRange
        case malformed
    }

    private let code: Code
    /// The name of the input or configuration field that was wrong, as callers spell it.
    public let field: String?
    /// What was wrong and what to do, for people.
    public let message: String

    private init(code: Code, field: String?, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// A price or amount below zero where only zero or more makes sense.
    public static func negative(field: String, value: String) -> Self {
        .init(code: .negative, field: field,
              message: "'\(field)' is \(value): it must be 0 or more")
    }

    /// A count, limit or factor of zero or less where at least one is needed.
    public static func notPositive(field: String, value: String) -> Self {
        .init(code: .notPositive, field: field,
              message: "'\(field)' is \(value): it must be greater than 0")
    }

    /// An exact result too large for its type; the message says what to make smaller.
    public static func overflow(field: String, operation: String) -> Self {
        .init(code: .overflow, field: field,
              message: "'\(field)' is too large: \(operation) does not fit 128 bits; lower '\(field)' or the price")
    }

    /// One share, in parts per million, above the whole (1,000,000).
    public static func shareOutOfRange(field: String, partsPerMillion: UInt32) -> Self {
        .init(code: .shareOutOfRange, field: field,
              message: "'\(field)' is \(partsPerMillion) parts per million: a share lies between 0 and 1000000 (100%)")
    }

    /// Shares that together exceed the whole.
    public static func sharesOverWhole(field: String, total: UInt64) -> Self {
        .init(code: .sharesOverWhole, field: field,
              message: "'\(field)' brings the shares to \(total) parts per million: contributor + developer must be at most 1000000 (100%), the operator taking the rest")
    }

    /// A configuration value outside the range its rule allows.
    public static func outOfRange(field: String, value: String, allowed: String) -> Self {
        .init(code: .outOfRange, field: field,
              message: "'\(field)' is \(value): \(allowed)")
    }

    /// Text that is not the expected decimal integer.
    public static func malformed(field: String, text: String, expected: String) -> Self {
        .init(code: .malformed, field: field,
              message: "'\(field)' is '\(text)': expected \(expected)")
    }

    /// Same kind of error, whatever the field and message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The message.
    public var description: String { message }
}
