import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import NIOHTTP1
import Testing

/// Large inputs and outputs travel as content-addressed blobs: the coordinator holds neither in
/// memory nor in a message, and only their owner and the workers holding their replicas read them.
@Suite("Large inputs and outputs travel as blobs", .serialized)
struct BlobFlowTests {
    /// Bytes that differ from position to position, so a lost or moved chunk would show.
    static func bytes(_ count: Int, salt: UInt8 = 0) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) ^ salt })
    }

    @Test func aTaskWithAMultiMiBInputBlobRunsAndItsOutputIsRight() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let input = Self.bytes(3 << 20)
            let blob = try await network.client.uploadBlob(input)
            #expect(blob == BlobReference(hash: ContentHash(of: input), size: 3 << 20))
            #expect(try await network.client.uploadBlob(input) == blob)
            // echo copies its stdin to its stdout: every byte of the input must arrive, in order.
            // (A guest that computes over every byte takes minutes on a debug build's sandbox.)
            let module = try await network.client.uploadModule(Guest.bytes("echo"))
            let job = try await network.client.run(JobSubmission(
                module: module.hash, tasks: [TaskInput(stdinBlob: blob.hash, arguments: ["one"])]), timeout: .seconds(120))
            #expect(job.state == .completed)
            let result = try #require(try await network.client.results(of: job.id).results.first)
            #expect(result.output == input)
            #expect(String(decoding: result.stderr, as: UTF8.self) == "task\none\n")
            // The coordinator kept the input by reference, not its bytes.
            let task = try #require(try await network.store.tasks(job: job.id).first)
            #expect(task.stdin.isEmpty && task.stdinBlob == blob)
        }
    }

    @Test func uploadsPastTheConcurrentLimitAreAnswered503AndTheLimitFreesAsUploadsFinish() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.maxConcurrentBlobUploads = 1
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            // An upload that sends its head and half its body, then stalls, holds the one place.
            let stalled = try RawSocket.Connection(port: network.port)
            let key = try #require(network.client.apiKey)
            let head = "POST /v1/blobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\nContent-Length: 1000\r\n\r\n"
            try stalled.send(Array(head.utf8) + [UInt8](repeating: 7, count: 500))
            var refusal = ""
            try await waitUntil("a second upload is refused while the first holds the place") {
                do {
                    _ = try await network.client.uploadBlob(Data("small".utf8))
                    return false
                } catch {
                    refusal = "\(error)"
                    return true
                }
            }
            #expect(refusal.contains("503") && refusal.contains("1 blob uploads are in progress"), "\(refusal)")
            // A module upload waits its turn too.
            await #expect(throws: (any Error).self) { try await network.client.uploadModule(Guest.bytes("hello")) }
            // The stalled upload finishes; the place is free again.
            try stalled.send([UInt8](repeating: 7, count: 500))
            #expect(String(decoding: try await stalled.receive(), as: UTF8.self).hasPrefix("HTTP/1.1 201"))
            #expect(try await network.client.uploadBlob(Data("small".utf8)).size == 5)
            #expect(try await network.client.uploadModule(Guest.bytes("hello")).byteCount > 0)
        }
    }

    @Test func aMultiMiBOutputComesBackByBlobAndMatches() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let input = Self.bytes(3 << 20, salt: 0x5a)
            let module = try await network.client.uploadModule(Guest.bytes("echo"))
            // Given inline, as `idlegrid submit --input` does: the client uploads it as a blob itself.
            let job = try await network.client.run(JobSubmission(module: module.hash, tasks: [TaskInput(stdin: input)]), timeout: .seconds(120))
            #expect(job.state == .completed)
            let byReference = try #require(try await network.client.results(of: job.id, fetchingBlobs: false).results.first)
            #expect(byReference.output.isEmpty)
            #expect(byReference.outputBlobSize == input.count)
            #expect(byReference.outputHash == ContentHash(of: input))
            let fetched = try #require(try await network.client.results(of: job.id).results.first)
            #expect(fetched.output == input)
            #expect(try await network.client.blob(fetched.outputHash) == input)
            // Stored by reference too: the results row holds no output bytes.
            let stored = try #require(try await network.store.results(job: job.id).first)
            #expect(stored.output.isEmpty && stored.outputBlobSize == input.count)
            #expect(try await network.store.tasks(job: job.id).first?.stdinBlob?.size == input.count)
        }
    }

    @Test func anotherClientCannotReadSomeonesBlobsWhileAModuleStaysReadable() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let alice = network.client
            let bob = alice.with(apiKey: try await network.operatorClient.createAccount(NewAccount(name: "bob", role: .client)).apiKey)
            let module = try await alice.uploadModule(Guest.bytes("echo"))
            let input = Self.bytes(400 << 10, salt: 7)
            let inputBlob = try await alice.uploadBlob(input)
            // A job whose output (the echo of a 300 KiB inline input) comes back as a blob the
            // worker uploaded, alice's because the job is.
            let output = Self.bytes(300 << 10, salt: 9)
            let job = try await alice.run(JobSubmission(module: module.hash, tasks: [TaskInput(stdin: output)]), timeout: .seconds(60))
            let result = try #require(try await alice.results(of: job.id, fetchingBlobs: false).results.first)
            #expect(result.outputBlobSize == output.count)
            #expect(try await alice.blob(inputBlob.hash) == input)
            #expect(try await alice.blob(result.outputHash) == output)

            for hash in [inputBlob.hash, result.outputHash] {
                let refused = await problem { _ = try await bob.blob(hash) }
                #expect(refused?.status == 404)
            }
            // Nor can bob run alice's input: the task is refused, naming the field, and no job is made.
            let borrowed = await problem { _ = try await bob.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput(stdinBlob: inputBlob.hash)])) }
            #expect(borrowed?.status == 404)
            #expect(borrowed?.field == "tasks[1].stdinBlob")
            #expect(try await bob.jobs().jobs.isEmpty)
            #expect(await problem { _ = try await bob.results(of: job.id) }?.status == 404)
            // A module stays readable by everyone authenticated.
            #expect(try await bob.blob(module.hash) == Guest.bytes("echo"))
            // Without a credential, nothing is: 401, whether module or not.
            let base = network.baseURL.absoluteString
            for hash in [module.hash, inputBlob.hash, ContentHash(of: Data("never stored".utf8))] {
                #expect(try await RawHTTP.send(.GET, "\(base)/v1/blobs/\(hash.hex)").status == 401)
            }
            #expect(try await RawHTTP.send(.POST, "\(base)/v1/blobs", bytes: Data("x".utf8)).status == 401)
            #expect(try await RawHTTP.send(.GET, "\(base)/v1/blobs/\(module.hash.hex)", key: "worker-" + String(repeating: "0", count: 64)).status == 401)
            // The same bytes uploaded by bob are his too: content-addressed, one blob, two owners.
            #expect(try await bob.uploadBlob(input) == inputBlob)
            #expect(try await bob.blob(inputBlob.hash) == input)
        }
    }

    @Test func badBlobInputsGetAProblemNamingTheFieldAndChangeNothing() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.maxBlobBytes = 1_000
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let client = network.client
            let module = try await client.uploadModule(Guest.bytes("echo"))
            let blob = try await client.uploadBlob(Data("small input".utf8))

            let both = await problem {
                _ = try await client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(stdin: Data("x".utf8), stdinBlob: blob.hash)]))
            }
            #expect(both?.status == 422)
            #expect(both?.field == "tasks[0].stdinBlob")

            let unknown = await problem {
                _ = try await client.submit(JobSubmission(
                    module: module.hash, tasks: [TaskInput(stdinBlob: blob.hash), TaskInput(stdinBlob: ContentHash(of: Data("nothing".utf8)))]))
            }
            #expect(unknown?.status == 404)
            #expect(unknown?.field == "tasks[1].stdinBlob")

            let jobs = "\(network.baseURL)/v1/jobs"
            let malformed = try await RawHTTP.send(
                .POST, jobs, body: #"{"module": "\#(module.hash.hex)", "tasks": [{"stdinBlob": "not-a-hash"}]}"#, key: client.apiKey)
            #expect(malformed.status == 400)
            #expect(malformed.json?["field"] as? String == "tasks[0].stdinBlob")

            let badPath = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/blobs/xyz", key: client.apiKey)
            #expect(badPath.status == 400)
            #expect(badPath.json?["field"] as? String == "hash")

            // Over the size cap: 413 naming the limit, and nothing stored.
            let large = Self.bytes(1_001)
            let tooLarge = await problem { _ = try await client.uploadBlob(large) }
            #expect(tooLarge?.status == 413)
            #expect(tooLarge?.detail.contains("at most 1000 bytes") == true)
            #expect(try await network.store.hasBlob(ContentHash(of: large)) == false)
            #expect(try await client.uploadBlob(Self.bytes(1_000)).size == 1_000)

            #expect(try await client.jobs().jobs.isEmpty)
        }
    }
}
