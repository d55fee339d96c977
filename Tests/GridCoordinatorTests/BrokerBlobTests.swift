import Foundation
import GridCoordinator
import GridCore
import GridStore
import Testing

/// Large inputs and outputs as the broker sees them: who may read an input blob, and a result
/// that names its output by hash is taken only with the worker's upload behind it.
@Suite("Work broker: input and output blobs")
struct BrokerBlobTests {
    /// A signed result for `assignment` whose `output` (of `size` bytes) went as a blob.
    func blobResult(_ worker: FakeWorker, _ assignment: Assignment, output: Data) throws -> ReplicaResult {
        var result = try worker.result(for: assignment, output: output)
        result.output = Data()
        result.outputBlobSize = output.count
        return result
    }

    @Test("a result naming an output blob its worker never uploaded is a failed attempt: not stored, not flagged, run again")
    func missingUploadIsAFailedAttempt() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            let job = try await harness.submit(tasks: 1)
            let first = try #require(worker.assigned.first)
            await harness.broker.results(worker.id, [try blobResult(worker, first, output: Data(repeating: 1, count: 300_000))])
            #expect(worker.refusal == nil)
            // Queued again; the lone worker takes it again, and this time uploads its output.
            let second = try #require(worker.assigned.last)
            #expect(second.replica != first.replica && second.task == first.task)
            let output = Data(repeating: 2, count: 300_000)
            let hash = try await harness.store.putBlob(output, owner: harness.owner)
            #expect(await harness.broker.beginOutputUpload(of: second.replica, by: worker.id) == .granted(owner: harness.owner, maxBytes: 16 << 20))
            await harness.broker.finishOutputUpload(of: second.replica, by: worker.id, blob: BlobReference(hash: hash, size: output.count))
            await harness.broker.results(worker.id, [try blobResult(worker, second, output: output)])
            let outcome = try await harness.ended(job.id)
            #expect(outcome.state == .completed)
            let stored = try #require(try await harness.store.results(job: job.id).first)
            #expect(stored.replica == second.replica)
            #expect(stored.output.isEmpty && stored.outputBlobSize == 300_000 && stored.outputHash == hash)
            #expect(try await harness.store.flaggedWorkers().isEmpty)
        }
    }

    @Test("an upload other than the output signed is a lie: the worker is flagged, its result kept as forged")
    func otherBytesAreALie() async throws {
        try await BrokerHarness.with { harness in
            let liar = FakeWorker()
            #expect(await harness.broker.connect(liar.link))
            let job = try await harness.submit(tasks: 1)
            let assignment = try #require(liar.assigned.first)
            let uploaded = Data(repeating: 3, count: 300_000)
            let hash = try await harness.store.putBlob(uploaded, owner: harness.owner)
            #expect(await harness.broker.beginOutputUpload(of: assignment.replica, by: liar.id) == .granted(owner: harness.owner, maxBytes: 16 << 20))
            await harness.broker.finishOutputUpload(of: assignment.replica, by: liar.id, blob: BlobReference(hash: hash, size: uploaded.count))
            // It signs and names another output than the one it uploaded.
            await harness.broker.results(liar.id, [try blobResult(liar, assignment, output: Data(repeating: 4, count: 300_000))])
            #expect(liar.refusal?.contains("is not the 300000 bytes with the hash it signed") == true)
            try await harness.eventually("the forged evidence is stored") {
                try await harness.store.replicas(job: job.id).first?.verdict == .forged
            }
            #expect(try await harness.store.results(job: job.id).isEmpty)
            #expect(try await harness.store.flaggedWorkers() == [liar.id])
        }
    }

    @Test("an upload backs one result of the worker that made it, for that replica only")
    func uploadsAreBoundToWorkerAndReplica() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            let other = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            _ = try await harness.submit(tasks: 1)
            let assignment = try #require(worker.assigned.first)
            #expect(await harness.broker.connect(other.link))
            #expect(await harness.broker.beginOutputUpload(of: assignment.replica, by: other.id) == .notHeld)
            #expect(await harness.broker.beginOutputUpload(of: ReplicaID(), by: worker.id) == .notHeld)
            #expect(await harness.broker.beginOutputUpload(of: assignment.replica, by: worker.id) != .notHeld)
            #expect(await harness.broker.beginOutputUpload(of: assignment.replica, by: worker.id) == .alreadyUploaded)
        }
    }

    @Test("a worker may read an input blob only while it holds a replica of a task that reads it")
    func inputReadableOnlyByItsHolders() async throws {
        try await BrokerHarness.with { harness in
            let input = Data(repeating: 9, count: 2 << 20)
            let hash = try await harness.store.putBlob(input, owner: harness.owner)
            let (job, plain) = harness.job(tasks: 1)
            var tasks = plain
            tasks[0].stdinBlob = BlobReference(hash: hash, size: input.count)
            let holder = FakeWorker()
            let bystander = FakeWorker()
            #expect(await harness.broker.connect(holder.link))
            #expect(await harness.broker.holdsReplica(reading: hash, worker: holder.id) == false)
            #expect(await harness.broker.submit(job, tasks: tasks) == .accepted)
            #expect(await harness.broker.connect(bystander.link))
            let held = try #require(holder.assigned.first)
            #expect(held.stdinBlob == BlobReference(hash: hash, size: input.count) && held.stdin.isEmpty)
            #expect(bystander.assigned.isEmpty)
            #expect(await harness.broker.holdsReplica(reading: hash, worker: holder.id))
            #expect(await harness.broker.holdsReplica(reading: hash, worker: bystander.id) == false)
            await harness.broker.results(holder.id, [try holder.result(for: held)])
            #expect(await harness.broker.holdsReplica(reading: hash, worker: holder.id) == false)
        }
    }

    @Test("output uploads are forgotten oldest first past their bound, and one upload backs one result")
    func outputUploadsAreBounded() {
        var uploads = OutputUploads(bound: 2)
        let worker = WorkerID()
        let replicas = [ReplicaID(), ReplicaID(), ReplicaID()]
        let blob = BlobReference(hash: ContentHash(of: Data("x".utf8)), size: 1)
        for replica in replicas {
            let reserved = uploads.reserve(replica, by: worker)
            #expect(reserved)
            uploads.complete(replica, by: worker, blob: blob)
        }
        #expect(uploads.count == 2)
        let evicted = uploads.take(replicas[0], by: worker)
        let byAnother = uploads.take(replicas[1], by: WorkerID())
        let taken = uploads.take(replicas[1], by: worker)
        let takenTwice = uploads.take(replicas[1], by: worker)
        #expect(evicted == nil && byAnother == nil && taken == blob && takenTwice == nil)
        // Reserved but never finished: nothing to take, and no second upload.
        let pending = ReplicaID()
        let first = uploads.reserve(pending, by: worker)
        let second = uploads.reserve(pending, by: worker)
        let unfinished = uploads.take(pending, by: worker)
        #expect(first && !second && unfinished == nil)
    }
}
