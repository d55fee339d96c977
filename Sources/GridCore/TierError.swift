/// Why a worker tier, trust tier or trust-tier stake table was refused.
///
/// A growable error: kinds live in a private code. Two errors are equal when they are of the
/// same kind, whatever their message.
public struct TierError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case unknownWorkerTier
        case unknownTrustTier
        case negativeStake
        case stakesNotDescending
    }

    private let code: Code
    /// What went wrong and what to do, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `value` is not a worker tier number.
    public static func unknownWorkerTier(_ value: Int) -> Self {
        .init(code: .unknownWorkerTier, message: "worker tier \(value) does not exist: use 1 (enterprise), 2 (data center), 3 (trusted consumer) or 4 (untrusted consumer)")
    }

    /// `value` is not a trust tier number.
    public static func unknownTrustTier(_ value: Int) -> Self {
        .init(code: .unknownTrustTier, message: "trust tier \(value) does not exist: use 1 (highest) ... 7 (lowest)")
    }

    /// A tier's minimum stake is below zero.
    public static func negativeStake(_ tier: TrustTier, _ stake: Amount) -> Self {
        .init(code: .negativeStake, message: "stake for trust tier \(tier.rawValue) is \(stake): a minimum stake must be 0 GRID or more")
    }

    /// A higher tier asks for less stake than the tier below it.
    public static func stakesNotDescending(_ tier: TrustTier, _ stake: Amount, below lower: TrustTier, _ lowerStake: Amount) -> Self {
        .init(code: .stakesNotDescending, message: "stake for trust tier \(tier.rawValue) (\(stake)) is less than for tier \(lower.rawValue) (\(lowerStake)): a higher tier must ask for at least as much stake")
    }

    /// Same kind of error, whatever the message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The message.
    public var description: String { message }
}
