import Foundation
import GridCore
import Testing

@Suite struct TrustPolicyTests {
    @Test func defaultPolicy() throws {
        let policy = TrustPolicy.default
        #expect(policy.allowedWorkerTiers == Set(WorkerTier.allCases))
        #expect(policy.verification == .quorum(agreeing: 2, of: 2, maxReplicas: 4))
        #expect(policy.replicas == 2)
        #expect(try TrustPolicy(allowedWorkerTiers: policy.allowedWorkerTiers, verification: policy.verification, replicas: policy.replicas) == policy)
    }

    @Test func acceptsValidPolicies() throws {
        let trustedOnly = try TrustPolicy(allowedWorkerTiers: [.enterprise, .dataCenter], verification: .none, replicas: 1)
        #expect(trustedOnly.verification == .none)
        _ = try TrustPolicy(allowedWorkerTiers: [.untrustedConsumer], verification: .adaptive, replicas: 1)
        _ = try TrustPolicy(allowedWorkerTiers: [.untrustedConsumer], verification: .verifier(export: "check"), replicas: 3)
        _ = try TrustPolicy(allowedWorkerTiers: Set(WorkerTier.allCases), verification: .quorum(agreeing: 3, of: 5, maxReplicas: 16), replicas: 5)
        _ = try TrustPolicy(allowedWorkerTiers: [.enterprise], verification: .none, replicas: 16)
    }

    @Test func rejectsNoTiers() throws {
        #expect(throws: TrustPolicyError.noWorkerTiers()) { try TrustPolicy(allowedWorkerTiers: [], verification: .adaptive, replicas: 1) }
    }

    @Test(arguments: [0, -1, 17])
    func rejectsReplicaCounts(replicas: Int) throws {
        #expect(throws: TrustPolicyError.replicas(0)) {
            try TrustPolicy(allowedWorkerTiers: [.enterprise], verification: .none, replicas: replicas)
        }
    }

    @Test func rejectsReplicasOtherThanTheQuorumsOf() throws {
        #expect(throws: TrustPolicyError.replicasDifferFromQuorum(replicas: 0, of: 0)) {
            try TrustPolicy(allowedWorkerTiers: [.enterprise], verification: .quorum(agreeing: 2, of: 3, maxReplicas: 4), replicas: 2)
        }
        do {
            _ = try TrustPolicy(allowedWorkerTiers: [.enterprise], verification: .quorum(agreeing: 2, of: 3, maxReplicas: 4), replicas: 4)
        } catch {
            #expect(error.message.contains("replicas 4") && error.message.contains("set replicas to 3"))
        }
    }

    @Test func rejectsInvalidVerification() throws {
        #expect(throws: TrustPolicyError.quorumCounts(agreeing: 0, of: 0, maxReplicas: 0)) {
            try TrustPolicy(allowedWorkerTiers: [.enterprise], verification: .quorum(agreeing: 3, of: 2, maxReplicas: 4), replicas: 2)
        }
        #expect(throws: TrustPolicyError.exportName("")) {
            try TrustPolicy(allowedWorkerTiers: [.enterprise], verification: .verifier(export: ""), replicas: 1)
        }
    }

    @Test func tierFourWorkIsAlwaysVerified() throws {
        #expect(throws: TrustPolicyError.untrustedWithoutVerification()) {
            try TrustPolicy(allowedWorkerTiers: [.enterprise, .untrustedConsumer], verification: .none, replicas: 1)
        }
        do {
            _ = try TrustPolicy(allowedWorkerTiers: [.untrustedConsumer], verification: .none, replicas: 1)
            Issue.record("tier 4 without verification was accepted")
        } catch {
            #expect(error.message.contains("tier 4 work is always verified"))
        }
        let single = #expect(throws: TrustPolicyError.untrustedSingleVote(agreeing: 1)) {
            try TrustPolicy(allowedWorkerTiers: [.untrustedConsumer], verification: .quorum(agreeing: 1, of: 1, maxReplicas: 2), replicas: 1)
        }
        #expect(single?.message.contains("at least 2 agreeing results") == true)
        // Without tier 4, a quorum of one is the client's choice.
        _ = try TrustPolicy(allowedWorkerTiers: [.dataCenter], verification: .quorum(agreeing: 1, of: 1, maxReplicas: 2), replicas: 1)
        _ = try TrustPolicy(allowedWorkerTiers: [.untrustedConsumer], verification: .quorum(agreeing: 2, of: 2, maxReplicas: 3), replicas: 2)
    }

    @Test func codableRoundTripWithSortedTiers() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(TrustPolicy.default), as: UTF8.self)
        #expect(json == #"{"allowedWorkerTiers":[1,2,3,4],"replicas":2,"verification":{"agreeing":2,"maxReplicas":4,"mode":"quorum","of":2}}"#)
        #expect(try JSONDecoder().decode(TrustPolicy.self, from: Data(json.utf8)) == .default)
        let other = try TrustPolicy(allowedWorkerTiers: [.dataCenter, .enterprise], verification: .none, replicas: 1)
        #expect(try JSONDecoder().decode(TrustPolicy.self, from: encoder.encode(other)) == other)
    }

    @Test(arguments: [
        (#"{"allowedWorkerTiers":[],"verification":{"mode":"adaptive"},"replicas":1}"#, "allowedWorkerTiers is empty"),
        (#"{"allowedWorkerTiers":[4],"verification":{"mode":"none"},"replicas":1}"#, "tier 4 work is always verified"),
        (#"{"allowedWorkerTiers":[1],"verification":{"mode":"none"},"replicas":0}"#, "replicas 0"),
        (#"{"allowedWorkerTiers":[1],"verification":{"mode":"quorum","agreeing":2,"of":3,"maxReplicas":3},"replicas":2}"#, "set replicas to 3"),
        (#"{"allowedWorkerTiers":[1,1],"verification":{"mode":"none"},"replicas":1}"#, "worker tier 1 more than once"),
        (#"{"allowedWorkerTiers":[5],"verification":{"mode":"none"},"replicas":1}"#, "worker tier 5 does not exist"),
        (#"{"allowedWorkerTiers":[1],"verification":{"mode":"sometimes"},"replicas":1}"#, "'sometimes'"),
    ])
    func decodingValidates(json: String, expected: String) throws {
        do {
            _ = try JSONDecoder().decode(TrustPolicy.self, from: Data(json.utf8))
            Issue.record("\(json) decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains(expected))
        }
    }

    @Test(arguments: [#"{"verification":{"mode":"none"},"replicas":1}"#, #"{"allowedWorkerTiers":[1],"replicas":1}"#,
                      #"{"allowedWorkerTiers":[1],"verification":{"mode":"none"}}"#, #"{"allowedWorkerTiers":1,"verification":{"mode":"none"},"replicas":1}"#])
    func decodingRejectsMissingOrMistypedFields(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrustPolicy.self, from: Data(json.utf8)) }
    }
}
