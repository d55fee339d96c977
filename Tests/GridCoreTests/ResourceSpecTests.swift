import Foundation
import GridCore
import Testing

@Suite struct ResourceSpecTests {
    static let mebibyte: UInt64 = 1 << 20
    static let gibibyte: UInt64 = 1 << 30
    static let tebibyte: UInt64 = 1 << 40

    @Test func acceptsTheBounds() throws {
        let smallest = try ResourceSpec(cores: 1, memoryBytes: Self.mebibyte)
        #expect(smallest.storageBytes == 0)
        #expect(smallest.region == nil)
        let largest = try ResourceSpec(cores: 1024, memoryBytes: Self.tebibyte, storageBytes: 16 * Self.tebibyte, region: String(repeating: "a", count: 32))
        #expect(largest.cores == 1024)
        #expect(try ResourceSpec(cores: 4, memoryBytes: Self.gibibyte, region: "eu-west-1").region == "eu-west-1")
        #expect(try ResourceSpec(cores: 4, memoryBytes: Self.gibibyte, region: "9").region == "9")
    }

    @Test(arguments: [0, -1, 1025, Int.max, Int.min])
    func rejectsCores(cores: Int) throws {
        #expect(throws: ResourceSpecError.cores(0)) { try ResourceSpec(cores: cores, memoryBytes: Self.gibibyte) }
    }

    @Test(arguments: [0, (1 << 20) - 1, (1 << 40) + 1, UInt64.max] as [UInt64])
    func rejectsMemory(memoryBytes: UInt64) {
        #expect(throws: ResourceSpecError.memoryBytes(0)) { try ResourceSpec(cores: 1, memoryBytes: memoryBytes) }
    }

    @Test(arguments: [(16 << 40) + 1, UInt64.max] as [UInt64])
    func rejectsStorage(storageBytes: UInt64) {
        #expect(throws: ResourceSpecError.storageBytes(0)) {
            try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte, storageBytes: storageBytes)
        }
    }

    @Test(arguments: ["", "EU", "eu_west", "eu west", "eu.west", "é", String(repeating: "a", count: 33), "eu-west-1\n"])
    func rejectsRegion(region: String) {
        #expect(throws: ResourceSpecError.region("")) { try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte, region: region) }
    }

    @Test func errorsNameTheField() {
        func failure(_ build: () throws(ResourceSpecError) -> ResourceSpec) -> ResourceSpecError? {
            do { _ = try build(); return nil } catch { return error }
        }
        let cores = failure { () throws(ResourceSpecError) in try ResourceSpec(cores: 0, memoryBytes: Self.gibibyte) }
        #expect(cores?.field == "cores")
        #expect(cores?.message.contains("cores 0") == true && cores?.message.contains("1...1024") == true)
        let memory = failure { () throws(ResourceSpecError) in try ResourceSpec(cores: 1, memoryBytes: 5) }
        #expect(memory?.field == "memoryBytes")
        #expect(memory?.message.contains("memoryBytes 5") == true)
        let storage = failure { () throws(ResourceSpecError) in try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte, storageBytes: .max) }
        #expect(storage?.field == "storageBytes")
        let region = failure { () throws(ResourceSpecError) in try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte, region: "EU") }
        #expect(region?.field == "region")
        #expect(region?.message.contains("'EU'") == true && region?.message.contains("lowercase") == true)
    }

    @Test func offerSatisfiesNeed() throws {
        let offer = try ResourceSpec(cores: 8, memoryBytes: 16 * Self.gibibyte, storageBytes: 100 * Self.gibibyte, region: "eu-west-1")
        #expect(offer.satisfies(offer))
        #expect(offer.satisfies(try ResourceSpec(cores: 2, memoryBytes: Self.gibibyte)))
        #expect(offer.satisfies(try ResourceSpec(cores: 8, memoryBytes: 16 * Self.gibibyte, region: "eu-west-1")))
        #expect(!offer.satisfies(try ResourceSpec(cores: 9, memoryBytes: Self.gibibyte)))
        #expect(!offer.satisfies(try ResourceSpec(cores: 1, memoryBytes: 17 * Self.gibibyte)))
        #expect(!offer.satisfies(try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte, storageBytes: 101 * Self.gibibyte)))
        #expect(!offer.satisfies(try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte, region: "us-east-1")))
        let anywhere = try ResourceSpec(cores: 8, memoryBytes: 16 * Self.gibibyte)
        #expect(!anywhere.satisfies(try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte, region: "eu-west-1")))
        #expect(anywhere.satisfies(try ResourceSpec(cores: 1, memoryBytes: Self.gibibyte)))
    }

    @Test func codableRoundTripAndDefaults() throws {
        let spec = try ResourceSpec(cores: 2, memoryBytes: Self.gibibyte, storageBytes: 5, region: "eu-west-1")
        let json = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(ResourceSpec.self, from: json) == spec)
        let minimal = try JSONDecoder().decode(ResourceSpec.self, from: Data(#"{"cores":1,"memoryBytes":1048576}"#.utf8))
        #expect(minimal == (try ResourceSpec(cores: 1, memoryBytes: Self.mebibyte)))
        let encodedMinimal = String(decoding: try JSONEncoder().encode(minimal), as: UTF8.self)
        #expect(!encodedMinimal.contains("region"))
    }

    @Test(arguments: [
        (#"{"cores":0,"memoryBytes":1048576}"#, "cores"),
        (#"{"cores":1,"memoryBytes":1}"#, "memoryBytes"),
        (#"{"cores":1,"memoryBytes":1048576,"storageBytes":18446744073709551615}"#, "storageBytes"),
        (#"{"cores":1,"memoryBytes":1048576,"region":"EU"}"#, "region"),
    ])
    func decodingValidatesAtTheField(json: String, field: String) throws {
        do {
            _ = try JSONDecoder().decode(ResourceSpec.self, from: Data(json.utf8))
            Issue.record("\(json) decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.last?.stringValue == field)
            #expect(context.debugDescription.hasPrefix(field))
        }
    }

    @Test(arguments: [#"{"memoryBytes":1048576}"#, #"{"cores":1}"#, #"{"cores":"1","memoryBytes":1048576}"#,
                      #"{"cores":1,"memoryBytes":-1}"#, #"{"cores":1.5,"memoryBytes":1048576}"#, "[]"])
    func decodingRejectsMissingOrMistypedFields(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ResourceSpec.self, from: Data(json.utf8)) }
    }
}
