import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import NIOHTTP1
import Testing

/// Workers read blobs with their session token, and only what their replicas need; a large
/// output counts only with its upload behind it.
@Suite("Workers and blobs", .serialized)
struct WorkerBlobTests {
    /// A scripted worker, welcomed.
    static func worker(_ network: TestNetwork) async throws -> ScriptedWorker {
        let worker = ScriptedWorker(port: network.port, credential: network.providerCredential)
        try await waitUntil("the worker is welcomed") { worker.sessionToken != nil }
        return worker
    }

    static func get(_ network: TestNetwork, _ hash: ContentHash, token: String?) async throws -> RawHTTP.Answer {
        try await RawHTTP.send(.GET, "\(network.baseURL)/v1/blobs/\(hash.hex)", key: token)
    }

    static func upload(_ network: TestNetwork, _ bytes: Data, replica: ReplicaID, token: String?) async throws -> RawHTTP.Answer {
        try await RawHTTP.send(.POST, "\(network.baseURL)/v1/blobs?replica=\(replica)", bytes: bytes, key: token)
    }

    @Test func aWorkerNotAssignedTheReplicaCannotFetchTheInputBlob() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let module = try await network.client.uploadModule(Guest.bytes("echo"))
            let input = BlobFlowTests.bytes(2 << 20, salt: 3)
            let blob = try await network.client.uploadBlob(input)
            let holder = try await Self.worker(network)
            let token = try #require(holder.sessionToken)
            // Before any assignment: the module, yes (any authenticated party); the input, no.
            #expect(try await Self.get(network, module.hash, token: token).body == Guest.bytes("echo"))
            #expect(try await Self.get(network, blob.hash, token: token).status == 404)

            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(stdinBlob: blob.hash)]))
            try await waitUntil("the replica is assigned") { !holder.assigned.isEmpty }
            let assignment = try #require(holder.assigned.first)
            #expect(assignment.stdinBlob == blob && assignment.stdin.isEmpty)
            let fetched = try await Self.get(network, blob.hash, token: token)
            #expect(fetched.status == 200 && fetched.body == input)

            // Another worker, connected but holding nothing of it, may not; nor may it upload for it.
            let bystander = try await Self.worker(network)
            let otherToken = try #require(bystander.sessionToken)
            #expect(try await Self.get(network, blob.hash, token: otherToken).status == 404)
            #expect(try await Self.upload(network, Data("mine".utf8), replica: assignment.replica, token: otherToken).status == 403)
            // A client's API key may not upload a replica's output either.
            #expect(try await Self.upload(network, Data("mine".utf8), replica: assignment.replica, token: network.client.apiKey).status == 403)

            // The holder uploads its (large) output once, and its result naming it is accepted.
            let output = BlobFlowTests.bytes(300 << 10, salt: 11)
            let stored = try await Self.upload(network, output, replica: assignment.replica, token: token)
            #expect(stored.status == 201)
            #expect(stored.json?["hash"] as? String == ContentHash(of: output).hex)
            #expect(try await Self.upload(network, output, replica: assignment.replica, token: token).status == 409)
            holder.send(.results([try holder.result(for: assignment, output: output, asBlob: true)]))
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(20))
            #expect(done.state == .completed)
            #expect(try await network.client.results(of: job.id).results.first?.output == output)
            // The replica is done: its input is no longer the worker's to read.
            #expect(try await Self.get(network, blob.hash, token: token).status == 404)

            // A session's token dies with its session.
            await holder.stop()
            try await waitUntil("the worker is gone") { try await network.client.status().workers == 1 }
            #expect(try await Self.get(network, module.hash, token: token).status == 401)
            await bystander.stop()
        }
    }

    @Test func aWorkerThatClaimsALargeOutputButUploadsNothingOrOtherBytesDoesNotGetItsResultAccepted() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let module = try await network.client.uploadModule(Guest.bytes("echo"))
            let input = BlobFlowTests.bytes(300 << 10, salt: 5)
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(stdin: input)]))
            let liar = try await Self.worker(network)
            let token = try #require(liar.sessionToken)
            try await waitUntil("the replica is assigned") { !liar.assigned.isEmpty }
            let first = try #require(liar.assigned.first)

            // 1. It claims a large output and uploads nothing: no result; the task runs again.
            liar.send(.results([try liar.result(for: first, output: input, asBlob: true)]))
            try await waitUntil("the task is assigned again") { liar.assigned.count == 2 }
            #expect(try await network.client.job(job.id).tasksFinished == 0)
            #expect(liar.refusal == nil)

            // 2. It uploads other bytes than those it signs: a lie, and it is flagged.
            let second = liar.assigned[1]
            #expect(second.task == first.task && second.replica != first.replica)
            let other = BlobFlowTests.bytes(300 << 10, salt: 6)
            #expect(try await Self.upload(network, other, replica: second.replica, token: token).status == 201)
            liar.send(.results([try liar.result(for: second, output: input, asBlob: true)]))
            try await waitUntil("the liar is refused") { liar.refusal != nil }
            #expect(liar.refusal?.contains("is not the 307200 bytes with the hash it signed") == true)
            try await waitUntil("the lie is stored as evidence") {
                try await network.store.replicas(job: job.id).contains { $0.replica == second.replica && $0.verdict == .forged }
            }
            #expect(try await network.store.flaggedWorkers().contains(liar.id))
            #expect(try await network.client.job(job.id).tasksFinished == 0)
            await liar.stop()

            // An honest worker runs it; the client gets the real output.
            try await network.startWorker(name: "honest", slots: 1)
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(30))
            #expect(done.state == .completed)
            let result = try #require(try await network.client.results(of: job.id).results.first)
            #expect(result.output == input && result.worker != liar.id)
        }
    }
}
