/// Why a set of ``Limits`` was refused.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct LimitsError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable { case outOfRange }
    private let code: Code
    /// The name of the limit that was wrong, as it appears in JSON.
    public let field: String?
    /// What was wrong and what is allowed, for people.
    public let message: String

    /// A limit outside its allowed range.
    public static func outOfRange(field: String, value: UInt64, allowed: ClosedRange<UInt64>) -> Self {
        Self(code: .outOfRange, field: field,
             message: "limit '\(field)' is \(value), outside the allowed range \(allowed.lowerBound)...\(allowed.upperBound)")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
