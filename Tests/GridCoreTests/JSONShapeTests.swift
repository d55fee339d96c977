import Foundation
import GridCore
import Testing

@Suite("Request bodies name their fields, so unknown ones are refused")
struct JSONShapeTests {
    private func unknown(_ json: String, _ shape: JSONShape = JobSubmission.jsonShape) throws -> String? {
        try shape.firstUnknownField(in: JSONSerialization.jsonObject(with: Data(json.utf8)))?.path
    }

    @Test func everyFieldTheTypesDecodeIsKnown() throws {
        // What the client encodes, every field set, has no field the shape lacks.
        let submission = JobSubmission(
            module: ContentHash(of: Data()), tasks: [TaskInput(stdin: Data("x".utf8), arguments: ["a"])], limits: .standard, replicas: 3,
            seed: .perTask, deadlineSeconds: 60, maxPricePerFuel: .zero, waitForPrice: true)
        let encoded = String(decoding: try APICoding.encode(submission), as: UTF8.self)
        #expect(try unknown(encoded) == nil, "\(encoded)")
        #expect(try unknown(String(decoding: try APICoding.encode(NewDeposit(amount: .zero, memo: "m")), as: UTF8.self), NewDeposit.jsonShape) == nil)
    }

    @Test func theFirstUnknownFieldIsNamedWithItsPathAndItsSiblings() throws {
        #expect(try unknown(#"{"module":"x","tasks":[],"replica":3}"#) == "replica")
        #expect(try unknown(#"{"tasks":[{},{"stdn":"x"}]}"#) == "tasks[1].stdn")
        #expect(try unknown(#"{"limits":{"fuel":1,"mem":2}}"#) == "limits.mem")
        // In key order, so the answer does not depend on the dictionary.
        #expect(try unknown(#"{"zz":1,"aa":2}"#) == "aa")
        let found = try JobSubmission.jsonShape.firstUnknownField(in: JSONSerialization.jsonObject(with: Data(#"{"tasks":[{"x":1}]}"#.utf8)))
        #expect(found?.fields == ["arguments", "stdin", "stdinBlob"])
        // Nulls and values of another kind are for the decoder to judge, not unknown fields.
        #expect(try unknown(#"{"limits":null,"tasks":"many"}"#) == nil)
    }
}
