/// Which workers may run a job and how their results are checked (SPEC §2, §6).
///
/// Always valid: the initializer and the decoder check the tiers, the verification mode and
/// the replica count together.
public struct TrustPolicy: Sendable, Hashable {
    /// Every worker tier, a 2-of-2 quorum growing to at most 4 replicas, 2 replicas to start.
    public static let `default` = TrustPolicy(
        unchecked: Set(WorkerTier.allCases),
        verification: .quorum(agreeing: 2, of: 2, maxReplicas: 4),
        replicas: 2
    )

    /// The worker tiers allowed to run the job; never empty.
    public let allowedWorkerTiers: Set<WorkerTier>
    /// How results are checked.
    public let verification: VerificationMode
    /// Replicas dispatched at first, 1...16; equal to the quorum's `of` under a quorum.
    public let replicas: Int

    private init(unchecked allowedWorkerTiers: Set<WorkerTier>, verification: VerificationMode, replicas: Int) {
        self.allowedWorkerTiers = allowedWorkerTiers
        self.verification = verification
        self.replicas = replicas
    }

    /// Checks the policy, throwing an error that names the first rule broken: tiers non-empty,
    /// a valid verification mode, replicas in 1...16 and equal to a quorum's `of`, and no
    /// `none` verification, nor a quorum needing fewer than 2 agreeing results, when tier 4 is
    /// allowed (tier-4 work is always verified).
    public init(allowedWorkerTiers: Set<WorkerTier>, verification: VerificationMode, replicas: Int) throws(TrustPolicyError) {
        guard !allowedWorkerTiers.isEmpty else { throw .noWorkerTiers() }
        try verification.validate()
        guard (1...VerificationMode.maximumReplicas).contains(replicas) else { throw .replicas(replicas) }
        if case let .quorum(_, of, _) = verification, replicas != of {
            throw .replicasDifferFromQuorum(replicas: replicas, of: of)
        }
        if allowedWorkerTiers.contains(where: \.alwaysVerified) {
            if verification == .none { throw .untrustedWithoutVerification() }
            // A quorum of one accepts a single worker's word: no verification at all.
            if case let .quorum(agreeing, _, _) = verification, agreeing < 2 {
                throw .untrustedSingleVote(agreeing: agreeing)
            }
        }
        self.init(unchecked: allowedWorkerTiers, verification: verification, replicas: replicas)
    }
}

extension TrustPolicy: Codable {
    private enum CodingKeys: String, CodingKey {
        case allowedWorkerTiers, verification, replicas
    }

    /// Decodes `{"allowedWorkerTiers":[1,2,3,4],"verification":{...},"replicas":2}`,
    /// refusing a tier listed twice and any policy the initializer would refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let tiers = try container.decode([WorkerTier].self, forKey: .allowedWorkerTiers)
        let tierSet = Set(tiers)
        if tierSet.count != tiers.count {
            let repeated = tiers.first { tier in tiers.filter { $0 == tier }.count > 1 }
            throw DecodingError.dataCorruptedError(
                forKey: .allowedWorkerTiers, in: container,
                debugDescription: "allowedWorkerTiers lists worker tier \(repeated?.rawValue ?? 0) more than once: list each tier at most once"
            )
        }
        let verification = try container.decode(VerificationMode.self, forKey: .verification)
        let replicas = try container.decode(Int.self, forKey: .replicas)
        do {
            try self.init(allowedWorkerTiers: tierSet, verification: verification, replicas: replicas)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    /// Encodes the policy with tiers sorted, so the same policy always yields the same JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allowedWorkerTiers.sorted(), forKey: .allowedWorkerTiers)
        try container.encode(verification, forKey: .verification)
        try container.encode(replicas, forKey: .replicas)
    }
}
