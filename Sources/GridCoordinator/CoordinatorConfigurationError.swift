public import GridCore

/// A ``CoordinatorConfiguration`` a coordinator cannot run with, naming the setting and the fix.
public struct CoordinatorConfigurationError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable { case notPositive, outOfRange, badPricing, badLedgerOrigin }
    private let code: Code
    /// The setting that is wrong, as the configuration names it.
    public let field: String
    /// What is wrong and what to do, for people.
    public let message: String

    /// A duration that must be longer than zero.
    public static func notPositive(field: String, value: String) -> Self {
        Self(code: .notPositive, field: field, message: "\(field) is \(value); it must be longer than zero")
    }

    /// A setting outside what it may be, with what is allowed.
    public static func outOfRange(field: String, value: String, allowed: String) -> Self {
        Self(code: .outOfRange, field: field, message: "\(field) is \(value); \(allowed)")
    }

    /// A pricing setting is out of its bounds (the field is `pricing.` and the pricing field).
    public static func badPricing(_ error: PricingError) -> Self {
        Self(code: .badPricing, field: "pricing.\(error.field ?? "")", message: "pricing: \(error.message)")
    }

    /// A ledger origin a checkpoint or a note key cannot carry.
    public static func badLedgerOrigin(_ origin: String) -> Self {
        Self(code: .badLedgerOrigin, field: "ledgerOrigin",
             message: "ledgerOrigin '\(origin)' must be a non-empty name without spaces, '+' or control characters, e.g. example.com/idlegrid-ledger")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind about the same setting are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.field == rhs.field }
}
