import Foundation
import GridClient
import GridCoordinator
import GridCore
import NIOHTTP1
import Testing

/// The edges of the HTTP API a user or a fuzzer meets first: every error is a problem document
/// (never an empty 500), the auth scheme in any case, 405 with `Allow` for a known path, and the
/// worker endpoint asked without an upgrade.
@Suite("The API's edges answer with problem documents", .serialized)
struct APISurfaceTests {
    @Test func anUnknownAfterIsA404NamingAfter() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let unknown = JobID()
            let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/jobs?after=\(unknown)", key: network.client.apiKey)
            #expect(answer.status == 404)
            #expect(answer.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(answer.json?["field"] as? String == "after")
            #expect((answer.json?["detail"] as? String)?.contains("\(unknown)") == true)

            do {
                _ = try await network.client.jobs(after: unknown)
                Issue.record("an unknown after was accepted")
            } catch let problem as Problem {
                #expect(problem.status == 404)
                #expect(problem.field == "after")
            }
        }
    }

    @Test func aFailingStoreIsA500ProblemDocumentNotAnEmptyBody() async throws {
        try await TestNetwork.with(workers: 0) { network in
            // The key is cached, so the request gets past authentication to the closed store.
            _ = try await network.client.jobs()
            try await network.store.close()
            let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/jobs", key: network.client.apiKey)
            #expect(answer.status == 500)
            #expect(answer.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(answer.json?["status"] as? Int == 500)
            #expect((answer.json?["detail"] as? String)?.contains("database failed") == true)
        }
    }

    @Test func theBearerSchemeIsMatchedInAnyCase() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let key = try #require(network.client.apiKey)
            for scheme in ["bearer", "BEARER", "Bearer", "bEaReR"] {
                let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/jobs", headers: [("Authorization", "\(scheme) \(key)")])
                #expect(answer.status == 200, "\(scheme)")
            }
            for header in ["Basic \(key)", "Bearer", "Bearer ", "Bearer\(key)", key] {
                let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/jobs", headers: [("Authorization", header)])
                #expect(answer.status == 401, "\(header)")
                #expect(answer.headers.first(name: "Content-Type") == "application/problem+json")
            }
        }
    }

    @Test func aKnownPathAskedWithAnotherMethodIs405WithAllow() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let key = network.client.apiKey
            let cases: [(HTTPMethod, String, String)] = [
                (.TRACE, "/v1/jobs", "GET, POST"),
                (.PUT, "/v1/jobs/\(JobID())", "GET, DELETE"),
                (.DELETE, "/v1/status", "GET"),
                (.PATCH, "/v1/jobs/\(JobID())/results", "GET"),
                (.POST, "/v1/worker", "GET"),
            ]
            for (method, path, allowed) in cases {
                let answer = try await RawHTTP.send(method, "\(network.baseURL)\(path)", key: key)
                #expect(answer.status == 405, "\(method) \(path)")
                #expect(Set(answer.headers.first(name: "Allow")?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
                    == Set(allowed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }), "\(method) \(path)")
                #expect(answer.headers.first(name: "Content-Type") == "application/problem+json")
                #expect((answer.json?["detail"] as? String)?.contains("\(method.rawValue) is not allowed") == true)
            }
            let unknown = try await RawHTTP.send(.TRACE, "\(network.baseURL)/v1/nowhere", key: key)
            #expect(unknown.status == 404)
            #expect(unknown.headers.first(name: "Content-Type") == "application/problem+json")
        }
    }

    @Test func stdinThatIsNotBase64IsNamedAndNothingIsStored() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let answer = try await RawHTTP.send(
                .POST, "\(network.baseURL)/v1/jobs",
                body: #"{"module":"\#(module.hash.hex)","tasks":[{"stdin":"aGk="},{"stdin":"not base64!"}]}"#, key: network.client.apiKey)
            #expect(answer.status == 400)
            #expect(answer.json?["field"] as? String == "tasks[1].stdin")
            let detail = try #require(answer.json?["detail"] as? String)
            #expect(detail.contains("base64"))
            #expect(!detail.contains("Encountered"))
            #expect(try await network.client.jobs().jobs.isEmpty)
        }
    }

    @Test func aFirstRequestThatIsNotHTTPIsAnswered400AndClosed() async throws {
        try await TestNetwork.with(workers: 0) { network in
            for request in ["GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Test: a\u{0}b\r\n\r\n", "NOT HTTP AT ALL\r\n\r\n"] {
                // Before, the connection stayed open and silent until the client gave up.
                let answer = try await RawSocket.exchange(Array(request.utf8), port: network.port, timeout: .seconds(10))
                let text = String(decoding: answer, as: UTF8.self)
                #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(text)")
                #expect(text.contains("application/problem+json"))
                #expect(text.contains("not valid HTTP/1.1"))
            }
            // The coordinator still answers.
            #expect(try await network.client.status().workers == 0)
        }
    }

    @Test func theWorkerEndpointWithoutAnUpgradeIs426() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/worker")
            #expect(answer.status == 426)
            #expect(answer.headers.first(name: "Upgrade") == "websocket")
            #expect(answer.headers.first(name: "Content-Type") == "application/problem+json")
            #expect((answer.json?["detail"] as? String)?.contains("Upgrade: websocket") == true)
        }
    }
}
