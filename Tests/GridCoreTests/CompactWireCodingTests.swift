import Foundation
import GridCore
import Testing

@Suite("Compact wire coding")
struct CompactWireCodingTests {
    private static let assignment = Assignment(
        replica: ReplicaID(), job: JobID(), task: 41, module: ContentHash(of: Data("module".utf8)),
        stdin: Data([0, 1, 2, 255]), arguments: ["--tile", "wörld ✓", ""], seed: .max,
        limits: try! Limits(fuel: 123_456, memoryBytes: 1 << 20, wallClockMilliseconds: 2_500, outputBytes: 4_096))

    private static let result = ReplicaResult(
        replica: ReplicaID(), termination: "trapped:unreachable", succeeded: false, output: Data("out\n".utf8),
        stderr: Data([0xff, 0x00]), outputHash: ContentHash(of: Data("out\n".utf8)), fuelUsed: .max, wallMicroseconds: 7,
        peakMemoryBytes: 65_536, signature: Data(repeating: 9, count: 64))

    @Test("assign, acknowledge and results round-trip, with bytes, Unicode, empty fields and full 64-bit values")
    func roundTrip() throws {
        var empty = Self.assignment
        empty.stdin = Data()
        empty.arguments = []
        var blob = Self.assignment
        blob.stdin = Data()
        blob.stdinBlob = BlobReference(hash: ContentHash(of: Data("big".utf8)), size: 3 << 20)
        let assign = CoordinatorMessage.assign([Self.assignment, empty, blob])
        #expect(try CompactWireCoding.coordinatorMessage(from: #require(CompactWireCoding.encode(assign))) == assign)
        #expect(try CompactWireCoding.coordinatorMessage(from: #require(CompactWireCoding.encode(CoordinatorMessage.assign([])))) == .assign([]))

        // The smallest items alone: the count check must not refuse what fits exactly.
        #expect(try CompactWireCoding.coordinatorMessage(from: #require(CompactWireCoding.encode(CoordinatorMessage.assign([empty])))) == .assign([empty]))
        let smallest = ReplicaResult(
            replica: ReplicaID(), termination: "", succeeded: true, output: Data(), stderr: Data(),
            outputHash: ContentHash(of: Data()), fuelUsed: 0, wallMicroseconds: 0, peakMemoryBytes: 0, signature: Data())
        #expect(try CompactWireCoding.workerMessage(from: #require(CompactWireCoding.encode(WorkerMessage.results([smallest])))) == .results([smallest]))

        let acknowledge = WorkerMessage.acknowledge([ReplicaID(), ReplicaID()])
        #expect(try CompactWireCoding.workerMessage(from: #require(CompactWireCoding.encode(acknowledge))) == acknowledge)
        var plain = Self.result
        plain.succeeded = true
        plain.output = Data()
        plain.stderr = Data()
        var uploaded = Self.result
        uploaded.output = Data()
        uploaded.outputBlobSize = 300_000
        let results = WorkerMessage.results([Self.result, plain, uploaded])
        #expect(try CompactWireCoding.workerMessage(from: #require(CompactWireCoding.encode(results))) == results)
    }

    @Test("only the work's messages have a compact form; the rest stay JSON")
    func othersStayJSON() {
        #expect(CompactWireCoding.encode(CoordinatorMessage.drain) == nil)
        #expect(CompactWireCoding.encode(CoordinatorMessage.cancel([ReplicaID()])) == nil)
        #expect(CompactWireCoding.encode(WorkerMessage.draining) == nil)
    }

    @Test("a message cut short anywhere is refused as malformed, naming what was being read")
    func truncated() throws {
        let assign = try #require(CompactWireCoding.encode(CoordinatorMessage.assign([Self.assignment])))
        for length in 0..<assign.count {
            #expect(throws: WireError.malformed("")) { try CompactWireCoding.coordinatorMessage(from: Array(assign.prefix(length))) }
        }
        let results = try #require(CompactWireCoding.encode(WorkerMessage.results([Self.result])))
        for length in 0..<results.count {
            #expect(throws: WireError.malformed("")) { try CompactWireCoding.workerMessage(from: Array(results.prefix(length))) }
        }
        // Type, count, then the fixed fields up to fuelUsed: the next field is cut.
        let error = #expect(throws: WireError.self) { try CompactWireCoding.workerMessage(from: Array(results.prefix(100))) }
        #expect(error?.message.contains("result 0 wallMicroseconds needs 8 bytes but 1 are left") == true)
    }

    @Test("refused: an unknown type, trailing bytes, a count the message cannot hold, limits out of bounds, bad UTF-8, a bad Boolean")
    func refused() throws {
        #expect(throws: WireError.unknownType("")) { try CompactWireCoding.coordinatorMessage(from: [9, 0, 0, 0, 0]) }
        #expect(throws: WireError.unknownType("")) { try CompactWireCoding.workerMessage(from: [1, 0, 0, 0, 0]) }

        let acknowledge = try #require(CompactWireCoding.encode(WorkerMessage.acknowledge([ReplicaID()])))
        #expect(throws: WireError.malformed("")) { try CompactWireCoding.workerMessage(from: acknowledge + [0]) }

        // Four billion replicas claimed in five bytes: refused before anything is reserved.
        let huge = #expect(throws: WireError.self) { try CompactWireCoding.workerMessage(from: [2, 0xff, 0xff, 0xff, 0xff]) }
        #expect(huge?.message.contains("claims 4294967295 items") == true)

        var assign = try #require(CompactWireCoding.encode(CoordinatorMessage.assign([Self.assignment])))
        // The fuel limit is the fourth field from the end: set it to zero, below its bounds.
        let fuel = assign.count - 32
        assign.replaceSubrange(fuel..<fuel + 8, with: [UInt8](repeating: 0, count: 8))
        let limits = #expect(throws: WireError.self) { try CompactWireCoding.coordinatorMessage(from: assign) }
        #expect(limits?.message.contains("fuel") == true)

        var result = Self.result
        result.termination = "x"
        var bytes = try #require(CompactWireCoding.encode(WorkerMessage.results([result])))
        // Type (1), count (4), replica (16), the termination's length (4), then its one byte.
        bytes[25] = 0xff
        let utf8 = #expect(throws: WireError.self) { try CompactWireCoding.workerMessage(from: bytes) }
        #expect(utf8?.message.contains("termination is not UTF-8") == true)
        bytes[25] = UInt8(ascii: "x")
        bytes[26] = 2
        let boolean = #expect(throws: WireError.self) { try CompactWireCoding.workerMessage(from: bytes) }
        #expect(boolean?.message.contains("succeeded must be 0 or 1") == true)
    }
}
