/// `none`: the first result is accepted as it is.
package struct NoVerifier: Verifier {
    package init() {}

    package func decide(votes: [ReplicaVote], outstanding: Int, wanted: Int) -> VerifierDecision {
        guard let first = votes.first else { return .pending }
        return .accepted(first.replica, agreeing: [first.replica], dissenting: votes.dropFirst().map(\.replica))
    }
}
