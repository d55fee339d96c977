import GridCoordinator
import Foundation
import GridCore
import GridStore
import Testing

@Suite("Verifiers")
struct VerifierTests {
    private static func vote(_ answer: String, worker: WorkerID = WorkerID()) -> ReplicaVote {
        let hash = ContentHash(of: Data(answer.utf8))
        return ReplicaVote(
            replica: ReplicaID(), worker: worker,
            answer: ReplicaAnswer(
                termination: "exited:0", succeeded: true, outputHash: hash, stderrHash: ContentHash(of: Data()), fuelUsed: 10,
                peakMemoryBytes: 65_536))
    }

    @Test("none accepts the first result")
    func noneAcceptsTheFirst() {
        let first = Self.vote("a")
        #expect(NoVerifier().decide(votes: [], outstanding: 1, wanted: 1) == .pending)
        #expect(NoVerifier().decide(votes: [first], outstanding: 0, wanted: 1) == .accepted(first.replica, agreeing: [first.replica], dissenting: []))
    }

    @Test("a 2-of-2 quorum accepts two equal answers, and asks for a third on disagreement")
    func twoOfTwo() {
        let verifier = QuorumVerifier(agreeing: 2, maxReplicas: 16)
        let (a1, a2, b) = (Self.vote("a"), Self.vote("a"), Self.vote("b"))
        #expect(verifier.decide(votes: [a1], outstanding: 1, wanted: 2) == .pending)
        #expect(verifier.decide(votes: [a1, a2], outstanding: 0, wanted: 2) == .accepted(a1.replica, agreeing: [a1.replica, a2.replica], dissenting: []))
        #expect(verifier.decide(votes: [a1, b], outstanding: 0, wanted: 2) == .addReplicas(1))
        let a3 = Self.vote("a")
        #expect(verifier.decide(votes: [a1, b, a3], outstanding: 0, wanted: 3) == .accepted(a1.replica, agreeing: [a1.replica, a3.replica], dissenting: [b.replica]))
    }

    @Test("a 2-of-3 quorum waits for the third replica even once two agree: the client pays for all three, and a dissent is evidence")
    func twoOfThreeWaitsForTheThird() {
        let verifier = QuorumVerifier(agreeing: 2, maxReplicas: 16)
        let (a1, a2, b) = (Self.vote("a"), Self.vote("a"), Self.vote("b"))
        #expect(verifier.decide(votes: [a1, a2], outstanding: 1, wanted: 3) == .pending)
        #expect(verifier.decide(votes: [a1, a2, b], outstanding: 0, wanted: 3) == .accepted(a1.replica, agreeing: [a1.replica, a2.replica], dissenting: [b.replica]))
    }

    @Test("more replicas are asked for at once when the outstanding ones cannot make a majority")
    func asksEarlyWhenNoMajorityIsPossible() {
        let verifier = QuorumVerifier(agreeing: 2, maxReplicas: 16)
        // 3 wanted, a and b in, one outstanding: c could still make 2 with neither... a+out = 2: pending.
        #expect(verifier.decide(votes: [Self.vote("a"), Self.vote("b")], outstanding: 1, wanted: 3) == .pending)
        // a, b, c in with none outstanding: no answer can reach 2 of 4 without one more.
        #expect(verifier.decide(votes: [Self.vote("a"), Self.vote("b"), Self.vote("c")], outstanding: 0, wanted: 3) == .addReplicas(1))
    }

    @Test("at the cap a quorum that cannot agree gives up, naming how many answers there were")
    func givesUpAtTheCap() {
        let verifier = QuorumVerifier(agreeing: 2, maxReplicas: 3)
        let decision = verifier.decide(votes: [Self.vote("a"), Self.vote("b"), Self.vote("c")], outstanding: 0, wanted: 3)
        #expect(decision == .giveUp(reason: "3 replicas gave 3 different answers"))
        #expect(verifier.decide(votes: [Self.vote("a"), Self.vote("b")], outstanding: 1, wanted: 3) == .pending)
    }

    @Test("answers differ in fuel, memory, stderr, ending or success, not only output")
    func everySignedFieldCounts() {
        let verifier = QuorumVerifier(agreeing: 2, maxReplicas: 16)
        let honest = Self.vote("a")
        var cheaper = Self.vote("a")
        cheaper.answer.fuelUsed = 9
        var failed = Self.vote("a")
        failed.answer.succeeded = false
        #expect(verifier.decide(votes: [honest, cheaper], outstanding: 0, wanted: 2) == .addReplicas(1))
        #expect(verifier.decide(votes: [honest, failed], outstanding: 0, wanted: 2) == .addReplicas(1))
    }

    @Test("a job's verification follows its replicas: one is taken as it is, several vote by majority")
    func verificationOfAJob() {
        let job = { (replicas: Int) in
            JobRecord(owner: AccountID(), module: ContentHash(of: Data()), limits: .standard, replicas: replicas, seedPolicy: .perTask, taskCount: 1, createdAt: Date())
        }
        #expect(JobTable.verification(of: job(1), maxReplicas: 16) == .none)
        #expect(JobTable.verification(of: job(3), maxReplicas: 16) == .quorum(agreeing: 2, of: 3, maxReplicas: 16))
    }
}
