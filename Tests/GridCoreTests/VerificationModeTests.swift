import Foundation
import GridCore
import Testing

@Suite struct VerificationModeTests {
    @Test(arguments: [
        (VerificationMode.none, #"{"mode":"none"}"#),
        (.adaptive, #"{"mode":"adaptive"}"#),
        (.quorum(agreeing: 2, of: 3, maxReplicas: 5), #"{"agreeing":2,"maxReplicas":5,"mode":"quorum","of":3}"#),
        (.verifier(export: "verify"), #"{"export":"verify","mode":"verifier"}"#),
    ])
    func jsonForm(mode: VerificationMode, json: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(mode), as: UTF8.self) == json)
        #expect(try JSONDecoder().decode(VerificationMode.self, from: Data(json.utf8)) == mode)
    }

    @Test func decodesTheBriefsExamples() throws {
        #expect(try JSONDecoder().decode(VerificationMode.self, from: Data(#"{"mode":"quorum","agreeing":2,"of":3,"maxReplicas":5}"#.utf8))
            == .quorum(agreeing: 2, of: 3, maxReplicas: 5))
        #expect(try JSONDecoder().decode(VerificationMode.self, from: Data(#"{"mode":"verifier","export":"verify"}"#.utf8)) == .verifier(export: "verify"))
    }

    @Test(arguments: [
        VerificationMode.none, .adaptive, .quorum(agreeing: 1, of: 1, maxReplicas: 1), .quorum(agreeing: 2, of: 2, maxReplicas: 4),
        .quorum(agreeing: 16, of: 16, maxReplicas: 16), .verifier(export: "v"), .verifier(export: "_check_2"),
        .verifier(export: String(repeating: "x", count: 64)),
    ])
    func acceptsValidModes(mode: VerificationMode) throws {
        try mode.validate()
    }

    @Test(arguments: [
        (0, 1, 1), (-1, 1, 1), (3, 2, 4), (2, 5, 4), (1, 1, 17), (17, 17, 17), (1, 0, 0),
    ])
    func rejectsQuorumCounts(agreeing: Int, of: Int, maxReplicas: Int) throws {
        let mode = VerificationMode.quorum(agreeing: agreeing, of: of, maxReplicas: maxReplicas)
        #expect(throws: TrustPolicyError.quorumCounts(agreeing: 0, of: 0, maxReplicas: 0)) { try mode.validate() }
        do {
            try mode.validate()
        } catch {
            #expect(error.message.contains("agreeing \(agreeing) of \(of) with maxReplicas \(maxReplicas)"))
            #expect(error.message.contains("1 ≤ agreeing ≤ of ≤ maxReplicas ≤ 16"))
        }
    }

    @Test(arguments: ["", "1verify", "ver ify", "vérifier", "verify-it", "verify()", String(repeating: "x", count: 65)])
    func rejectsExportNames(name: String) throws {
        #expect(throws: TrustPolicyError.exportName("")) { try VerificationMode.verifier(export: name).validate() }
    }

    @Test func decodingRejectsUnknownModesNamingTheAllowed() throws {
        do {
            _ = try JSONDecoder().decode(VerificationMode.self, from: Data(#"{"mode":"vibes"}"#.utf8))
            Issue.record("unknown mode decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("'vibes'"))
            #expect(context.debugDescription.contains("none, quorum, adaptive, verifier"))
        }
    }

    @Test(arguments: [
        #"{"mode":"Quorum","agreeing":2,"of":3,"maxReplicas":5}"#,
        #"{"mode":"quorum","agreeing":2,"of":3}"#,
        #"{"mode":"quorum","agreeing":4,"of":3,"maxReplicas":5}"#,
        #"{"mode":"quorum","agreeing":2,"of":3,"maxReplicas":17}"#,
        #"{"mode":"verifier"}"#,
        #"{"mode":"verifier","export":""}"#,
        #"{"mode":"verifier","export":"no way"}"#,
        #"{"agreeing":2}"#,
        #"{"mode":1}"#,
        #""none""#,
    ])
    func decodingRejectsBadJSON(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(VerificationMode.self, from: Data(json.utf8)) }
    }

    @Test func names() {
        #expect(VerificationMode.none.name == "none")
        #expect(VerificationMode.quorum(agreeing: 1, of: 1, maxReplicas: 1).name == "quorum")
        #expect(VerificationMode.adaptive.name == "adaptive")
        #expect(VerificationMode.verifier(export: "v").name == "verifier")
    }
}
