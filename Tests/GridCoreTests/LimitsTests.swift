import Foundation
import GridCore
import Testing

@Suite struct LimitsTests {
    @Test func standardLimitsAreWithinBounds() throws {
        let limits = Limits.standard
        #expect(Limits.Bounds.fuel.contains(limits.fuel))
        #expect(Limits.Bounds.memoryBytes.contains(limits.memoryBytes))
        #expect(Limits.Bounds.wallClockMilliseconds.contains(limits.wallClockMilliseconds))
        #expect(Limits.Bounds.outputBytes.contains(limits.outputBytes))
        #expect(limits.wallClock == .seconds(60))
        #expect(try Limits() == limits)
    }

    /// (field, fuel, memoryBytes, wallClockMilliseconds, outputBytes), one value out of range each.
    @Test(arguments: [
        ("fuel", 0, 1 << 20, 1000, 1000),
        ("fuel", 10_000_000_000_001, 1 << 20, 1000, 1000),
        ("memoryBytes", 1000, 65_535, 1000, 1000),
        ("memoryBytes", 1000, 4_294_967_297, 1000, 1000),
        ("wallClockMilliseconds", 1000, 1 << 20, 0, 1000),
        ("wallClockMilliseconds", 1000, 1 << 20, 86_400_001, 1000),
        ("outputBytes", 1000, 1 << 20, 1000, 0),
        ("outputBytes", 1000, 1 << 20, 1000, 268_435_457),
    ] as [(String, UInt64, UInt64, UInt64, UInt64)])
    func outOfRangeLimitsNameTheField(field: String, fuel: UInt64, memory: UInt64, wall: UInt64, output: UInt64) {
        let error = #expect(throws: LimitsError.self) {
            try Limits(fuel: fuel, memoryBytes: memory, wallClockMilliseconds: wall, outputBytes: output)
        }
        #expect(error?.field == field)
        #expect(error?.message.hasPrefix("limit '\(field)' is ") == true)
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        _ = try Limits(fuel: 1, memoryBytes: 65_536, wallClockMilliseconds: 1, outputBytes: 1)
        _ = try Limits(fuel: 10_000_000_000_000, memoryBytes: 4_294_967_296, wallClockMilliseconds: 86_400_000, outputBytes: 268_435_456)
    }

    @Test func decodingFillsMissingFieldsAndRejectsOutOfRange() throws {
        let decoded = try JSONDecoder().decode(Limits.self, from: Data(#"{"fuel": 1000}"#.utf8))
        #expect(decoded.fuel == 1000)
        #expect(decoded.memoryBytes == Limits.standard.memoryBytes)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Limits.self, from: Data(#"{"fuel": 0}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Limits.self, from: Data(#"{"outputBytes": -1}"#.utf8))
        }
        do {
            _ = try JSONDecoder().decode(Limits.self, from: Data(#"{"memoryBytes": 1}"#.utf8))
            Issue.record("an out-of-range memory limit decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("memoryBytes"))
            #expect(context.codingPath.map(\.stringValue) == ["memoryBytes"])
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let limits = try Limits(fuel: 123, memoryBytes: 1 << 20, wallClockMilliseconds: 5, outputBytes: 7)
        let data = try JSONEncoder().encode(limits)
        #expect(try JSONDecoder().decode(Limits.self, from: data) == limits)
    }
}
