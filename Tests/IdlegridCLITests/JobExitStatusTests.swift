import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `submit --wait` and `job status --wait` against a real coordinator and worker: the exit status
/// says how the job ended, standard error says why a task did not succeed, and the limit flags
/// reach the sandbox.
@Suite("Exit statuses of waited-for jobs", .serialized)
struct JobExitStatusTests {
    /// A coordinator and one worker of one slot, as processes; the client's environment.
    private func withNetwork(_ body: ([String: String]) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-exit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let coordinator = try BackgroundCLI(["coordinator", "--dev", "--port", "0"])
        defer { coordinator.stop() }
        let url = try await coordinator.waitForLine(matching: #"listening on (http://\S+)"#)
        let key = try await coordinator.waitForLine(matching: #"operator API key \(shown once, keep it\): ([0-9a-f]{64})"#)
        try await CLIFunding.fundOwnAccount(url: url, key: key)
        let provider = try await Self.createAccount(url: url, key: key, name: "rigs", role: "provider")
        let credential = directory.appendingPathComponent("provider.credential")
        try Data(provider.utf8).write(to: credential)
        let worker = try BackgroundCLI(
            ["worker", "--slots", "1", "--key", directory.appendingPathComponent("device.key").path, "--credential-file", credential.path],
            environment: ["IDLEGRID_COORDINATOR": url, "HOME": directory.path])
        defer { worker.stop() }
        _ = try await worker.waitForLine(matching: "welcomed by")
        try await body(["IDLEGRID_COORDINATOR": url, "IDLEGRID_API_KEY": key])
    }

    private static func createAccount(url: String, key: String, name: String, role: String) async throws -> String {
        var request = URLRequest(url: URL(string: url + "/v1/accounts")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(#"{"name": "\#(name)", "role": "\#(role)"}"#.utf8)
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, _, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: data ?? Data()) }
            }.resume()
        }
        guard let apiKey = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["apiKey"] as? String else {
            throw BackgroundFailure("POST /v1/accounts answered \(String(decoding: data, as: UTF8.self))")
        }
        return apiKey
    }

    private func jobID(in stdout: String) throws -> String {
        try #require(stdout.firstMatch(of: /job ([0-9a-f-]{36}):/)?.1).description
    }

    @Test func theExitStatusSaysHowTheJobEndedAndStandardErrorSaysWhy() async throws {
        try await withNetwork { environment in
            let maxFuel = "10000000000000"
            let succeeded = try await CLIProcess.run(["submit", CLIProcess.guest("hello"), "--wait"], environment: environment)
            #expect(succeeded.status == 0, "\(succeeded.stderr)")

            // The guest failed: the job completed, one of its tasks did not succeed.
            let exited = try await CLIProcess.run(["submit", CLIProcess.guest("exit3"), "--wait"], environment: environment)
            #expect(exited.status == 3, "\(exited.stderr)")
            let exitedID = try jobID(in: exited.stdoutText)
            #expect(exited.stderr.contains("job \(exitedID) completed, but 1 of 1 tasks did not succeed"), "\(exited.stderr)")
            #expect(exited.stderr.contains("  task 0: exited:3"), "\(exited.stderr)")

            // --timeout reaches the sandbox: stopped by the wall clock twice, the task is given up.
            let stopped = try await CLIProcess.run(
                ["submit", CLIProcess.guest("spin"), "--timeout", "300ms", "--fuel", maxFuel, "--wait"], environment: environment)
            #expect(stopped.status == 3, "\(stopped.stderr)")
            let stoppedID = try jobID(in: stopped.stdoutText)
            #expect(stopped.stdoutText.contains("failed"))
            #expect(stopped.stderr.contains("job \(stoppedID) failed: 1 of 1 tasks were given up"), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("  task 0: given up: replicas stopped by the wall-clock limit 2 times"), "\(stopped.stderr)")
            let results = try await CLIProcess.run(["job", "results", stoppedID], environment: environment)
            #expect(results.status == 0, "\(results.stderr)")
            #expect(results.stdoutText == "0\tgiven up\treplicas stopped by the wall-clock limit 2 times\n")
            // Waiting on a job that already ended says the same, with the same status; without
            // --wait, status is only a query.
            let again = try await CLIProcess.run(["job", "status", stoppedID, "--wait"], environment: environment)
            #expect(again.status == 3 && again.stderr.contains("given up: replicas stopped"), "\(again.stderr)")
            #expect(try await CLIProcess.run(["job", "status", stoppedID], environment: environment).status == 0)

            // --memory reaches the sandbox: the hog gets at most 8 MiB (128 pages), not 256 MiB.
            let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-hog-\(UUID())")
            defer { try? FileManager.default.removeItem(at: outputs) }
            let hog = try await CLIProcess.run(
                ["submit", CLIProcess.guest("hog"), "--memory", "8MiB", "--wait", "--output", outputs.path], environment: environment)
            #expect(hog.status == 3, "\(hog.stderr)")
            #expect(hog.stderr.contains("task 0: exited:1"), "\(hog.stderr)")
            let pages = try Int(String(decoding: Data(contentsOf: outputs.appendingPathComponent("0.out")), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(pages.map { $0 > 0 && $0 < 128 } == true, "hog grew \(String(describing: pages)) pages")

            // --max-output reaches the sandbox: 4 KiB of output end the run.
            let chatty = try await CLIProcess.run(
                ["submit", CLIProcess.guest("chatter"), "--max-output", "4KiB", "--wait", "--output", outputs.path], environment: environment)
            #expect(chatty.status == 3, "\(chatty.stderr)")
            #expect(chatty.stderr.contains("task 0: limit:output"), "\(chatty.stderr)")
            #expect(try Data(contentsOf: outputs.appendingPathComponent("0.out")).count == 4096)

            // `run` gives a guest the worker's argv[0], so a local run costs what the network's did.
            let remote = try await CLIProcess.run(["submit", CLIProcess.guest("echo"), "--arg", "one", "--wait", "--json"], environment: environment)
            // Under a longer file name, which was its argv[0].
            let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("echo-under-a-much-longer-name-\(UUID()).wasm")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: CLIProcess.guest("echo")), to: renamed)
            defer { try? FileManager.default.removeItem(at: renamed) }
            let local = try await CLIProcess.run(["run", renamed.path, "--arg", "one", "--json"])
            let remoteFuel = (try JSONSerialization.jsonObject(with: Data(remote.stdout)) as? [String: Any])?["fuelUsed"] as? Int
            let localFuel = (try JSONSerialization.jsonObject(with: Data(local.stdout)) as? [String: Any])?["fuelUsed"] as? Int
            #expect(remoteFuel != nil && remoteFuel == localFuel, "\(remote.stdoutText) \(local.stdoutText)")

            // A quote says in its exit status whether the job would be accepted now: one worker
            // fits one replica; two would queue for a second worker, as submit does; a cap below
            // the one worker's price is refused.
            let fits = try await CLIProcess.run(["job", "quote", CLIProcess.guest("hello")], environment: environment)
            #expect(fits.status == 0, "\(fits.stdoutText)\(fits.stderr)")
            let tooFew = try await CLIProcess.run(["job", "quote", CLIProcess.guest("hello"), "--replicas", "2", "--json"], environment: environment)
            #expect(tooFew.status == 0, "\(tooFew.stderr)")
            #expect(tooFew.stderr.contains("too few workers are online for 2 replicas on distinct workers: the job would queue"), "\(tooFew.stderr)")
            let queued = try #require(try JSONSerialization.jsonObject(with: Data(tooFew.stdout)) as? [String: Any])
            #expect(queued["fits"] as? Bool == false && queued["refusedForPrice"] as? Bool == false)
            let capped = try await CLIProcess.run(["job", "quote", CLIProcess.guest("hello"), "--max-price", "0"], environment: environment)
            let submitted0 = try await CLIProcess.run(["submit", CLIProcess.guest("hello"), "--max-price", "0"], environment: environment)
            // A cap of 0 is under the worker's price (the base fee, plus its bid of 0): both refuse it.
            #expect(capped.status == 3 && capped.stderr.contains("too few online workers fit the cap"), "\(capped.stderr)")
            #expect(submitted0.status == 1 && submitted0.stderr.contains("your cap of 0"), "\(submitted0.stderr)")

            // --wait-timeout stops the wait, not the job: status 5, and the job still runs.
            let slow = try await CLIProcess.run(
                ["submit", CLIProcess.guest("spin"), "--timeout", "60s", "--fuel", maxFuel, "--wait", "--wait-timeout", "1s"], environment: environment)
            #expect(slow.status == 5, "\(slow.stderr)")
            #expect(slow.stderr.contains("stopped waiting after 1s"), "\(slow.stderr)")
            let slowID = try #require(slow.stderr.firstMatch(of: /job ([0-9a-f-]{36}) is running/)?.1).description
            #expect(try await CLIProcess.run(["job", "cancel", slowID], environment: environment).status == 0)
            #expect(try await CLIProcess.run(["job", "status", slowID, "--wait-timeout", "1s"], environment: environment).status == 64)

            // Cancelled while a `job status --wait` watches it: status 4.
            let submitted = try await CLIProcess.run(
                ["submit", CLIProcess.guest("spin"), "--timeout", "60s", "--fuel", maxFuel], environment: environment)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let spinning = submitted.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            let watcher = try BackgroundCLI(["job", "status", spinning, "--wait"], environment: environment)
            defer { watcher.stop() }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await CLIProcess.run(["job", "cancel", spinning], environment: environment).status == 0)
            #expect(try await watcher.waitForExit(timeout: .seconds(30)) == 4, "\(watcher.printed)")
            #expect(watcher.printed.contains("job \(spinning) was cancelled with 1 of 1 tasks unfinished"), "\(watcher.printed)")
            // Its results still say something for every task.
            let cancelled = try await CLIProcess.run(["job", "results", spinning], environment: environment)
            #expect(cancelled.status == 0 && cancelled.stdoutText == "0\tnot run\tthe job cancelled first\n", "\(cancelled.stdoutText)")
        }
    }
}
