/// `quorum`: an answer is accepted once every replica asked for has reported, `agreeing` of them
/// gave it and it holds a strict majority of them; on disagreement one more replica is asked for
/// at a time, up to `maxReplicas`, then the task is given up.
///
/// No replica is called off once a majority agrees: the client pays for the replication it asked
/// for, and a late dissent is evidence against its worker. (A replica lost after a majority
/// agrees is not run again; the job table asks with it gone.)
///
/// Execution is deterministic, so honest replicas agree byte for byte: a second answer means
/// someone lied (or the module is not deterministic, which the sandbox rules out).
package struct QuorumVerifier: Verifier {
    /// The memberwise initializer, spelled out so the package's tests can reach it.
    package init(agreeing: Int, maxReplicas: Int) {
        self.agreeing = agreeing
        self.maxReplicas = maxReplicas
    }

    /// Votes the accepted answer needs at least.
    package let agreeing: Int
    /// The most replicas one task may get.
    package let maxReplicas: Int

    package func decide(votes: [ReplicaVote], outstanding: Int, wanted: Int) -> VerifierDecision {
        let groups = Dictionary(grouping: votes, by: \.answer)
        let needed = max(agreeing, wanted / 2 + 1)
        // The largest group; ties go to the answer that reached its count first, so the decision
        // does not depend on dictionary order.
        let leader = groups.values.max { lhs, rhs in
            lhs.count != rhs.count ? lhs.count < rhs.count : firstIndex(of: lhs, in: votes) > firstIndex(of: rhs, in: votes)
        }
        if let leader, leader.count >= needed {
            if outstanding > 0 { return .pending }
            let agreeing = leader.map(\.replica)
            let dissenting = votes.filter { $0.answer != leader[0].answer }.map(\.replica)
            return .accepted(leader[0].replica, agreeing: agreeing, dissenting: dissenting)
        }
        // Could the outstanding replicas still make a majority? If not, ask for more now rather
        // than after they report.
        let best = leader?.count ?? 0
        if best + outstanding >= needed { return .pending }
        if wanted >= maxReplicas {
            return outstanding > 0 ? .pending : .giveUp(reason: "\(votes.count) replicas gave \(groups.count) different answers")
        }
        // With one more replica wanted, the majority needed may grow by one too.
        let shortfall = max(1, needed - best - outstanding)
        return .addReplicas(min(shortfall, maxReplicas - wanted))
    }

    private func firstIndex(of group: [ReplicaVote], in votes: [ReplicaVote]) -> Int {
        votes.firstIndex { $0.answer == group[0].answer } ?? 0
    }
}
