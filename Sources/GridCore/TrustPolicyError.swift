/// Why a ``TrustPolicy`` or ``VerificationMode`` was refused; the message names the field
/// and what is allowed.
///
/// A growable error: kinds live in a private code. Two errors are equal when they are of the
/// same kind, whatever their message.
public struct TrustPolicyError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case quorumCounts
        case exportName
        case noWorkerTiers
        case replicas
        case replicasDifferFromQuorum
        case untrustedWithoutVerification
        case untrustedSingleVote
    }

    private let code: Code
    /// What went wrong and what to do, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A quorum's counts break 1 ≤ agreeing ≤ of ≤ maxReplicas ≤ 16.
    public static func quorumCounts(agreeing: Int, of: Int, maxReplicas: Int) -> Self {
        .init(code: .quorumCounts, message: "quorum agreeing \(agreeing) of \(of) with maxReplicas \(maxReplicas) is not allowed: need 1 ≤ agreeing ≤ of ≤ maxReplicas ≤ \(VerificationMode.maximumReplicas)")
    }

    /// A verifier export name is not a short ASCII identifier.
    public static func exportName(_ name: String) -> Self {
        .init(code: .exportName, message: "verifier export '\(name)' is not allowed: use 1...\(VerificationMode.maximumExportNameLength) ASCII letters, digits and '_', not starting with a digit")
    }

    /// `allowedWorkerTiers` is empty.
    public static func noWorkerTiers() -> Self {
        .init(code: .noWorkerTiers, message: "allowedWorkerTiers is empty: allow at least one worker tier (1...4)")
    }

    /// `replicas` is outside 1...16.
    public static func replicas(_ value: Int) -> Self {
        .init(code: .replicas, message: "replicas \(value) is not allowed: use 1...\(VerificationMode.maximumReplicas)")
    }

    /// `replicas` differs from the quorum's `of`.
    public static func replicasDifferFromQuorum(replicas: Int, of: Int) -> Self {
        .init(code: .replicasDifferFromQuorum, message: "replicas \(replicas) differs from the quorum's of \(of): a quorum starts with exactly 'of' replicas, so set replicas to \(of)")
    }

    /// A quorum that one result satisfies, with tier 4 allowed.
    public static func untrustedSingleVote(agreeing: Int) -> Self {
        .init(code: .untrustedSingleVote, message: "a quorum of \(agreeing) agreeing result(s) is not verification, and worker tier 4 (untrusted consumer) work is always verified: ask for at least 2 agreeing results, or drop tier 4 from allowedWorkerTiers")
    }

    /// Tier 4 is allowed but verification is `none`.
    public static func untrustedWithoutVerification() -> Self {
        .init(code: .untrustedWithoutVerification, message: "verification 'none' is not allowed with worker tier 4 (untrusted consumer): tier 4 work is always verified, so choose quorum, adaptive or verifier, or drop tier 4 from allowedWorkerTiers")
    }

    /// Same kind of error, whatever the message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The message.
    public var description: String { message }
}
