import Foundation
import GridCore
import Testing

@Suite struct GridIdentifierTests {
    static let text = "6f1c2a4e-8b3d-4c5e-9f00-1a2b3c4d5e6f"

    /// The same checks for every identifier kind.
    func checkKind<ID: GridIdentifier>(_: ID.Type, kind: String) throws {
        #expect(ID.kind == kind)
        let parsed = try ID(parsing: Self.text)
        #expect(parsed.description == Self.text)
        #expect(ID(Self.text) == parsed)
        #expect(try ID(parsing: Self.text.uppercased()) == parsed)
        #expect(ID(Self.text.uppercased())?.description == Self.text)
        #expect(ID("nope") == nil)
        #expect(throws: IdentifierError.malformed("", kind: "")) { try ID(parsing: "nope") }
        do {
            _ = try ID(parsing: "x")
            Issue.record("'x' parsed as a \(kind)")
        } catch {
            #expect(error.message.hasPrefix("'x' is not a \(kind)"))
        }
        let random = ID()
        #expect(random != ID())
        #expect(random.description == random.uuid.uuidString.lowercased())
        #expect(ID(uuid: random.uuid) == random)

        let json = try JSONEncoder().encode(parsed)
        #expect(String(decoding: json, as: UTF8.self) == "\"\(Self.text)\"")
        #expect(try JSONDecoder().decode(ID.self, from: json) == parsed)
        for bad in ["\"nope\"", "42", "\"\"", "null", "\"\(Self.text)x\""] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(ID.self, from: Data(bad.utf8)) }
        }
        do {
            _ = try JSONDecoder().decode(ID.self, from: Data("\"nope\"".utf8))
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("'nope' is not a \(kind)"))
        }

        let low = try ID(parsing: "00000000-0000-0000-0000-00000000000a")
        let high = try ID(parsing: "00000000-0000-0000-0000-0000000000b0")
        #expect(low < high)
        #expect([high, low].sorted() == [low, high])
        #expect(Set([parsed, try ID(parsing: Self.text.uppercased())]).count == 1)
    }

    @Test func jobID() throws { try checkKind(JobID.self, kind: "job id") }
    @Test func taskID() throws { try checkKind(TaskID.self, kind: "task id") }
    @Test func replicaID() throws { try checkKind(ReplicaID.self, kind: "replica id") }
    @Test func workerID() throws { try checkKind(WorkerID.self, kind: "worker id") }
    @Test func accountID() throws { try checkKind(AccountID.self, kind: "account id") }

    @Test func kindsAreDistinctTypesOverTheSameUUID() throws {
        let uuid = UUID()
        let job = JobID(uuid: uuid)
        let task = TaskID(uuid: uuid)
        #expect(job.description == task.description)
        #expect(JobID.kind != TaskID.kind)
    }
}
