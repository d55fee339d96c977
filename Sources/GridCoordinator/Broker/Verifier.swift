package import GridCore

/// The verification seam: given a task's results so far, decides whether one is accepted, more
/// replicas are needed, or the task is given up. Pure, so every policy is unit-tested without I/O.
///
/// Results that cannot be votes never reach a verifier: a forged result (its worker is flagged)
/// and a run the wall-clock limit stopped (machine-dependent; a failed attempt instead).
package protocol Verifier: Sendable {
    /// The decision for a task with `votes` in, `outstanding` replicas still running or queued,
    /// and `wanted` replicas asked for so far.
    func decide(votes: [ReplicaVote], outstanding: Int, wanted: Int) -> VerifierDecision
}

/// One replica's answer, as a verifier sees it.
package struct ReplicaVote: Sendable, Hashable {
    /// The memberwise initializer, spelled out so the package's tests can reach it.
    package init(replica: ReplicaID, worker: WorkerID, answer: ReplicaAnswer) {
        self.replica = replica
        self.worker = worker
        self.answer = answer
    }

    /// The replica.
    package var replica: ReplicaID
    /// The worker that ran it: one worker never casts two votes on one task.
    package var worker: WorkerID
    /// What it answered.
    package var answer: ReplicaAnswer
}

/// What a ``Verifier`` decided.
package enum VerifierDecision: Sendable, Hashable {
    /// Wait for the outstanding replicas.
    case pending
    /// Ask this many more replicas.
    case addReplicas(Int)
    /// `accepted`'s output goes to the client; `agreeing` gave the same answer (the accepted one
    /// among them); `dissenting` gave others.
    case accepted(ReplicaID, agreeing: [ReplicaID], dissenting: [ReplicaID])
    /// The task cannot be decided.
    case giveUp(reason: String)
}

extension VerificationMode {
    /// The verifier that implements this mode. `adaptive` and `verifier` come with the trust
    /// policies; until then they verify by majority like a quorum.
    package func verifier(replicas: Int) -> any Verifier {
        switch self {
        case .none: NoVerifier()
        case let .quorum(agreeing, _, maxReplicas): QuorumVerifier(agreeing: agreeing, maxReplicas: maxReplicas)
        case .adaptive, .verifier: QuorumVerifier(agreeing: replicas / 2 + 1, maxReplicas: VerificationMode.maximumReplicas)
        }
    }
}
