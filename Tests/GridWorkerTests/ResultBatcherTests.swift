import Foundation
import GridCore
import GridWorker
import Testing

@Suite struct ResultBatcherTests {
    func result(outputBytes: Int) -> ReplicaResult {
        let output = Data(repeating: 7, count: outputBytes)
        return ReplicaResult(
            replica: ReplicaID(), termination: "exited:0", succeeded: true, output: output, stderr: Data(),
            outputHash: ContentHash(of: output), fuelUsed: 1, wallMicroseconds: 1, peakMemoryBytes: 65_536)
    }

    @Test func smallResultsGoThirtyTwoToAMessage() {
        var batcher = ResultBatcher()
        var sent: [[ReplicaResult]] = []
        for _ in 0..<70 { sent += batcher.add(result(outputBytes: 100)) }
        sent.append(batcher.takeAll())
        #expect(sent.map(\.count) == [32, 32, 6])
    }

    @Test func aBatchIsBoundedByBytesAndALargeResultGoesAlone() {
        var batcher = ResultBatcher()
        var sent: [[ReplicaResult]] = []
        // 3 MiB, then 3 MiB (would make 6: the first goes alone), then 16 MiB (alone), then 1 KiB.
        for size in [3 << 20, 3 << 20, 16 << 20, 1 << 10] { sent += batcher.add(result(outputBytes: size)) }
        sent.append(batcher.takeAll())
        #expect(sent.map { $0.map(\.output.count) } == [[3 << 20], [3 << 20], [16 << 20], [1 << 10]])
        for batch in sent where batch.count > 1 {
            #expect(batch.reduce(0) { $0 + ResultBatcher.size(of: $1) } <= ResultBatcher.maxBytes)
        }
    }

    @Test func eightLargestAllowedOutputsNeverShareAMessageOverTheLimit() throws {
        // The old bound alone (8 per message) let 8 × 16 MiB of output, base64 in JSON, pass the
        // coordinator's 96 MiB message limit.
        var batcher = ResultBatcher()
        var sent: [[ReplicaResult]] = []
        for _ in 0..<8 { sent += batcher.add(result(outputBytes: 16 << 20)) }
        sent.append(batcher.takeAll())
        sent.removeAll { $0.isEmpty }
        #expect(sent.count == 8)
        #expect(try WireCoding.encode(WorkerMessage.results(sent[0])).count < WorkerProtocol.maxMessageBytes)
    }
}
