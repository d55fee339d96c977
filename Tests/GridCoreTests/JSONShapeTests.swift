import Foundation
import GridCore
import Testing

@Suite("Request bodies name their fields, so unknown ones are refused")
struct JSONShapeTests {
    private func unknown(_ json: String, _ shape: JSONShape = JobSubmission.jsonShape) -> String? {
        JSONBodyScan(Array(json.utf8), shape: shape).unknownField?.path
    }

    @Test func everyFieldTheTypesDecodeIsKnown() throws {
        // What the client encodes, every field set, has no field the shape lacks.
        let submission = JobSubmission(
            module: ContentHash(of: Data()), tasks: [TaskInput(stdin: Data("x".utf8), arguments: ["a"])], limits: .standard, replicas: 3,
            seed: .perTask, deadlineSeconds: 60, maxPricePerFuel: .zero, waitForPrice: true)
        let encoded = String(decoding: try APICoding.encode(submission), as: UTF8.self)
        #expect(unknown(encoded) == nil, "\(encoded)")
        #expect(unknown(String(decoding: try APICoding.encode(NewDeposit(amount: .zero, memo: "m")), as: UTF8.self), NewDeposit.jsonShape) == nil)
    }

    @Test func theFirstUnknownFieldIsNamedWithItsPathAndItsSiblings() throws {
        #expect(unknown(#"{"module":"x","tasks":[],"replica":3}"#) == "replica")
        #expect(unknown(#"{"tasks":[{},{"stdn":"x"}]}"#) == "tasks[1].stdn")
        #expect(unknown(#"{"limits":{"fuel":1,"mem":2}}"#) == "limits.mem")
        // In the body's order: the first one its writer wrote.
        #expect(unknown(#"{"zz":1,"aa":2}"#) == "zz")
        let found = JSONBodyScan(Array(#"{"tasks":[{"x":1}]}"#.utf8), shape: JobSubmission.jsonShape).unknownField
        #expect(found?.fields == ["arguments", "stdin", "stdinBlob"])
        // Escaped keys are the keys they spell; no shape checks nothing.
        #expect(unknown(#"{"modul\u0065":"x","tasks":[]}"#) == nil)
        #expect(JSONBodyScan(Array(#"{"whatever":1}"#.utf8)).unknownField == nil)
        // Bytes that are not JSON find nothing: the decoder's error stands.
        #expect(unknown(#"{"replica":3"#) == nil)
        // Nulls and values of another kind are for the decoder to judge, not unknown fields.
        #expect(unknown(#"{"limits":null,"tasks":"many"}"#) == nil)
    }
}
