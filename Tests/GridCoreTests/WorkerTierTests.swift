import Foundation
import GridCore
import Testing

@Suite struct WorkerTierTests {
    @Test func numbersOrderAndVerification() throws {
        #expect(WorkerTier.allCases.map(\.rawValue) == [1, 2, 3, 4])
        #expect(WorkerTier.enterprise < .dataCenter)
        #expect(WorkerTier.trustedConsumer < .untrustedConsumer)
        #expect(WorkerTier.allCases.filter(\.alwaysVerified) == [.untrustedConsumer])
        for tier in WorkerTier.allCases {
            #expect(try WorkerTier(validating: tier.rawValue) == tier)
        }
    }

    @Test(arguments: [0, 5, -1, Int.max])
    func rejectsUnknownNumbers(value: Int) throws {
        #expect(throws: TierError.unknownWorkerTier(0)) { try WorkerTier(validating: value) }
        do {
            _ = try WorkerTier(validating: value)
        } catch {
            #expect(error.message.contains("worker tier \(value)"))
            #expect(error.message.contains("1 (enterprise)") && error.message.contains("4 (untrusted consumer)"))
        }
    }

    @Test func codesAsTheNumber() throws {
        let json = try JSONEncoder().encode(WorkerTier.allCases)
        #expect(String(decoding: json, as: UTF8.self) == "[1,2,3,4]")
        #expect(try JSONDecoder().decode([WorkerTier].self, from: json) == WorkerTier.allCases)
    }

    @Test(arguments: ["0", "5", "\"1\"", "1.5", "null"])
    func decodingRejectsOthers(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WorkerTier.self, from: Data(json.utf8)) }
    }

    @Test func decodingMessageNamesTheRange() {
        do {
            _ = try JSONDecoder().decode(WorkerTier.self, from: Data("5".utf8))
            Issue.record("tier 5 decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("worker tier 5 does not exist"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
