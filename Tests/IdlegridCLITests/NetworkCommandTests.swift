import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The network commands as a user runs them: a coordinator and a worker in the background, and
/// the client commands against them, with settings from flags, the environment and config files.
@Suite("Network commands", .serialized)
struct NetworkCommandTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    /// `POST` to the coordinator's API with `key`, as curl in the README does; the JSON answer.
    private func post(_ url: String, _ path: String, key: String, json: String? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, _, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: data ?? Data()) }
            }.resume()
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BackgroundFailure("POST \(path) answered \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }

    @Test func aCoordinatorAWorkerAndTheClientCommandsRunAJobFromADirectory() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Coordinator: region from its config file, the rest from flags.
        let coordinatorConfig = directory.appendingPathComponent("coordinator.json")
        // Settlement periods of a second, paying out any amount: the job's earnings settle at once.
        try write(#"{"region": "from-config-file", "port": 8480, "settlement-period": 1, "minimum-payout": "0"}"#, to: coordinatorConfig)
        let coordinator = try BackgroundCLI(["coordinator", "--dev", "--port", "0", "--config", coordinatorConfig.path])
        defer { coordinator.stop() }
        let url = try await coordinator.waitForLine(matching: #"listening on (http://\S+)"#)
        let key = try await coordinator.waitForLine(matching: #"operator API key \(shown once, keep it\): ([0-9a-f]{64})"#)
        try await CLIFunding.fundOwnAccount(url: url, key: key)
        // The workers' provider account; its key goes to the worker in a file, never on argv.
        let provider = try await post(url, "/v1/accounts", key: key, json: #"{"name": "acme", "role": "provider"}"#)
        let providerKey = try #require(provider["apiKey"] as? String)
        let credentialFile = directory.appendingPathComponent("provider.credential")
        try write(providerKey + "\n", to: credentialFile)

        // A device that has never enrolled and brings no credential is refused for good: the
        // worker exits with status 1 and the reason, instead of reconnecting forever.
        let unenrolled = try await CLIProcess.run(
            ["worker", "--key", directory.appendingPathComponent("other.key").path],
            environment: ["IDLEGRID_COORDINATOR": url, "HOME": directory.path])
        #expect(unenrolled.status == 1)
        #expect(unenrolled.stderr.contains("is not enrolled with a provider"), "\(unenrolled.stderr)")

        // Worker: coordinator and name from the environment, slots from a flag that beats the
        // environment's value, the provider's key from a credential file.
        let worker = try BackgroundCLI(
            ["worker", "--slots", "2", "--key", directory.appendingPathComponent("device.key").path, "--credential-file", credentialFile.path],
            environment: [
                "IDLEGRID_COORDINATOR": url, "IDLEGRID_NAME": "named-by-env", "IDLEGRID_SLOTS": "7", "IDLEGRID_PRICE": "0.0000000000000007 GRID",
                "HOME": directory.path,
            ])
        defer { worker.stop() }
        _ = try await worker.waitForLine(matching: "welcomed by from-config-file")

        // A second device enrolls with a one-time token from the environment.
        let token = try #require(try await post(url, "/v1/enrollment-tokens", key: providerKey)["token"] as? String)
        let second = try BackgroundCLI(
            ["worker", "--key", directory.appendingPathComponent("second.key").path, "--name", "second"],
            environment: ["IDLEGRID_COORDINATOR": url, "IDLEGRID_ENROLLMENT_TOKEN": token, "HOME": directory.path])
        defer { second.stop() }
        _ = try await second.waitForLine(matching: "welcomed by from-config-file")
        #expect(second.stop() == 0)

        // Client: coordinator and key from a config file named by the environment.
        let clientConfig = directory.appendingPathComponent("client.json")
        try write(#"{"coordinator": "\#(url)", "api-key": "\#(key)"}"#, to: clientConfig)
        let environment = ["IDLEGRID_CONFIG": clientConfig.path]

        let published = try await CLIProcess.run(["module", "publish", CLIProcess.guest("wordcount")], environment: environment)
        #expect(published.status == 0, "\(published.stderr)")
        let hash = published.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash.count == 64)

        // One task per file of the directory, in name order.
        let inputs = directory.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try write("one two three\n", to: inputs.appendingPathComponent("a.txt"))
        try write("", to: inputs.appendingPathComponent("b.txt"))
        try write("x\ny\nz z\n", to: inputs.appendingPathComponent("c.txt"))
        let outputs = directory.appendingPathComponent("outputs")
        let submitted = try await CLIProcess.run(
            ["submit", hash, "--tasks-from", inputs.path, "--wait", "--output", outputs.path, "--json"], environment: environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(submitted.stdout)) as? [String: Any])
        #expect(summary["state"] as? String == "completed")
        #expect(summary["taskCount"] as? Int == 3)
        #expect(submitted.stderr.contains("3/3"))
        let counts = try (0..<3).map { String(decoding: try Data(contentsOf: outputs.appendingPathComponent("\($0).out")), as: UTF8.self) }
        #expect(counts == ["1 3 14\n", "0 0 0\n", "3 4 8\n"])
        let id = try #require(summary["id"] as? String)

        let status = try await CLIProcess.run(["job", "status", id], environment: environment)
        #expect(status.stdoutText.contains("job \(id): completed, 3/3 tasks finished, 3 succeeded"))
        #expect(!status.stdoutText.contains("waiting"))

        // Two replicas per task and one worker online: the job says why it waits.
        let wide = try await CLIProcess.run(["submit", hash, "--tasks-from", inputs.path, "--replicas", "2", "--json"], environment: environment)
        #expect(wide.status == 0, "\(wide.stderr)")
        let wideID = try #require((try JSONSerialization.jsonObject(with: Data(wide.stdout)) as? [String: Any])?["id"] as? String)
        let waiting = try await CLIProcess.run(["job", "status", wideID], environment: environment)
        #expect(waiting.stdoutText.contains("waiting: its tasks need 2 distinct workers and 1 is online"), "\(waiting.stdoutText)")
        // `job status --wait` says so while it waits, rather than looking hung.
        let watching = try BackgroundCLI(["job", "status", wideID, "--wait"], environment: environment)
        _ = try await watching.waitForLine(matching: "waiting: its tasks need 2 distinct workers and 1 is online", timeout: .seconds(20))
        watching.stop()
        #expect(try await CLIProcess.run(["job", "cancel", wideID], environment: environment).status == 0)
        let listed = try await CLIProcess.run(["job", "list", "--json"], environment: environment)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout)) as? [String: Any])
        #expect((page["jobs"] as? [[String: Any]])?.map { $0["id"] as? String } == [wideID, id])
        let results = try await CLIProcess.run(["job", "results", id], environment: environment)
        #expect(results.stdoutText.split(separator: "\n").count == 3)
        #expect(results.stdoutText.contains("0\texited:0"))

        // A period later the charges are posted: a block of the settlement chain, the client's
        // statement in its history, and an audit that checks both against the rows.
        let auditor = ["IDLEGRID_COORDINATOR": url, "HOME": directory.path]
        var settlements = try await CLIProcess.run(["ledger", "settlements"], environment: auditor)
        for _ in 0..<100 where !settlements.stdoutText.contains("block 0\t") {
            try await Task.sleep(for: .milliseconds(100))
            settlements = try await CLIProcess.run(["ledger", "settlements"], environment: auditor)
        }
        #expect(settlements.status == 0 && settlements.stdoutText.contains("the chain of"), "\(settlements.stdoutText)\(settlements.stderr)")
        let statements = try await CLIProcess.run(["account", "history", "--kind", "statement", "--all", "--json"], environment: environment)
        #expect(statements.status == 0, "\(statements.stderr)")
        let posted = try #require(try JSONSerialization.jsonObject(with: Data(statements.stdout)) as? [[String: Any]])
        #expect(!posted.isEmpty && posted.allSatisfy { $0["kind"] as? String == "statement" })
        // A statement moves no balance, and its line says so rather than leaving the column blank.
        let statementLines = try await CLIProcess.run(["account", "history", "--kind", "statement"], environment: environment)
        #expect(statementLines.stdoutText.contains("\tstatement\tno balance change\t"), "\(statementLines.stdoutText)")
        // A filtered page reads on to older rows: the hold is found although newer rows fill a page of one.
        let hold = try await CLIProcess.run(["account", "history", "--kind", "hold", "--limit", "1"], environment: environment)
        #expect(hold.stdoutText.components(separatedBy: "\thold\t").count == 2, "\(hold.stdoutText)")
        let audit = try await CLIProcess.run(["ledger", "verify"], environment: auditor)
        #expect(audit.status == 0 && audit.stdoutText.contains("settlement block"), "\(audit.stdoutText)\(audit.stderr)")
        let badKind = try await CLIProcess.run(["account", "history", "--kind", "refund"], environment: environment)
        #expect(badKind.status != 0 && badKind.stderr.contains("--kind must be one of mint, hold, charge, release, payout, statement"))

        // Flags beat the config file: a wrong key in the file the command line names is refused (401).
        let wrongKeyFile = directory.appendingPathComponent("wrong.key")
        try write(String(repeating: "0", count: 64) + "\n", to: wrongKeyFile)
        let wrongKey = try await CLIProcess.run(["job", "status", id, "--api-key-file", wrongKeyFile.path], environment: environment)
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("API key"))

        // Flags alone, no config file: the key from a file, or from the environment.
        let keyFile = directory.appendingPathComponent("operator.key")
        try write(key + "\n", to: keyFile)
        let flagsOnly = try await CLIProcess.run(["job", "list", "--coordinator", url, "--api-key-file", keyFile.path])
        #expect(flagsOnly.status == 0, "\(flagsOnly.stderr)")
        #expect(flagsOnly.stdoutText.contains(id))
        let fromEnvironment = try await CLIProcess.run(["job", "list", "--coordinator", url], environment: ["IDLEGRID_API_KEY": key])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(fromEnvironment.stdoutText.contains(id))

        // A key on the command line is refused before anything is sent, naming what to use instead.
        let onCommandLine = try await CLIProcess.run(["job", "list", "--coordinator", url, "--api-key", key])
        #expect(onCommandLine.status != 0)
        #expect(onCommandLine.stderr.contains("--api-key would put the secret on the command line"))
        #expect(onCommandLine.stderr.contains("--api-key-file PATH") && onCommandLine.stderr.contains("IDLEGRID_API_KEY"))

        // The worker's settings as it and the coordinator report them; SIGTERM stops it cleanly.
        #expect(worker.stop() == 0)
        #expect(worker.printed.contains("2 slots"))
        #expect(coordinator.printed.contains("(named-by-env) connected claiming 2 slots, asking 700 base units per fuel"))
    }

    @Test func submitWithAMultiMiBInputFileAndJobResultsJustWork() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let coordinator = try BackgroundCLI(["coordinator", "--dev", "--port", "0"])
        defer { coordinator.stop() }
        let url = try await coordinator.waitForLine(matching: #"listening on (http://\S+)"#)
        let key = try await coordinator.waitForLine(matching: #"operator API key \(shown once, keep it\): ([0-9a-f]{64})"#)
        try await CLIFunding.fundOwnAccount(url: url, key: key)
        let provider = try await post(url, "/v1/accounts", key: key, json: #"{"name": "acme", "role": "provider"}"#)
        let credentialFile = directory.appendingPathComponent("provider.credential")
        try write(try #require(provider["apiKey"] as? String), to: credentialFile)
        let worker = try BackgroundCLI(
            ["worker", "--key", directory.appendingPathComponent("device.key").path, "--credential-file", credentialFile.path],
            environment: ["IDLEGRID_COORDINATOR": url, "HOME": directory.path])
        defer { worker.stop() }
        _ = try await worker.waitForLine(matching: "welcomed by")
        let environment = ["IDLEGRID_COORDINATOR": url, "IDLEGRID_API_KEY": key]

        // Over the 1 MiB the coordinator takes inline: the input goes up as a blob, and the echo
        // of it (over 256 KiB) comes back as one.
        let input = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })
        let inputFile = directory.appendingPathComponent("big.bin")
        try input.write(to: inputFile)
        let outputs = directory.appendingPathComponent("out")
        let submitted = try await CLIProcess.run(
            ["submit", CLIProcess.guest("echo"), "--input", inputFile.path, "--wait", "--output", outputs.path, "--json"],
            environment: environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(try Data(contentsOf: outputs.appendingPathComponent("0.out")) == input)
        let id = try #require((try JSONSerialization.jsonObject(with: Data(submitted.stdout)) as? [String: Any])?["id"] as? String)
        let again = directory.appendingPathComponent("again")
        let results = try await CLIProcess.run(["job", "results", id, "--output", again.path], environment: environment)
        #expect(results.status == 0, "\(results.stderr)")
        #expect(try Data(contentsOf: again.appendingPathComponent("0.out")) == input)
    }

    @Test func aCoordinatorThatIsDownIsReportedInAPlainSentenceWithinSeconds() async throws {
        let hash = String(repeating: "a", count: 64)
        let commands = [
            ["job", "list"], ["job", "status", UUID().uuidString.lowercased()], ["submit", hash], ["module", "publish", CLIProcess.guest("hello")],
        ]
        for command in commands {
            let started = ContinuousClock.now
            let result = try await CLIProcess.run(command + ["--coordinator", "http://127.0.0.1:9"], environment: ["IDLEGRID_API_KEY": hash])
            let took = ContinuousClock.now - started
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == "Error: cannot reach the coordinator at http://127.0.0.1:9: connection refused\n", "\(command)")
            // AsyncHTTPClient's default keeps trying for 90 s.
            #expect(took < .seconds(15), "\(command) took \(took)")
        }
    }

    @Test func aCoordinatorOnAPortInUseSaysSoInAPlainSentence() async throws {
        let first = try BackgroundCLI(["coordinator", "--dev", "--port", "0"])
        defer { first.stop() }
        let url = try await first.waitForLine(matching: #"listening on (http://\S+)"#)
        let port = try #require(url.split(separator: ":").last.map(String.init))
        let second = try await CLIProcess.run(["coordinator", "--dev", "--port", port])
        #expect(second.status != 0)
        #expect(second.stderr.contains("Error: cannot listen on 127.0.0.1:\(port): address already in use\n"), "\(second.stderr)")
        #expect(!second.stderr.contains("errno"))
    }

    @Test func jobListAfterAnUnknownJobNamesAfter() async throws {
        let coordinator = try BackgroundCLI(["coordinator", "--dev", "--port", "0"])
        defer { coordinator.stop() }
        let url = try await coordinator.waitForLine(matching: #"listening on (http://\S+)"#)
        let key = try await coordinator.waitForLine(matching: #"operator API key \(shown once, keep it\): ([0-9a-f]{64})"#)
        let unknown = UUID().uuidString.lowercased()
        let listed = try await CLIProcess.run(["job", "list", "--after", unknown, "--coordinator", url], environment: ["IDLEGRID_API_KEY": key])
        #expect(listed.status == 1)
        #expect(listed.stderr.hasPrefix("Error: 404 Not Found: you have no job \(unknown)"), "\(listed.stderr)")
        #expect(listed.stderr.contains("(field 'after')"))
    }

    @Test func apiKeysAreListedRotatedIntoAFileAndRevoked() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("operator.key")
        let firstKey = String(repeating: "ab", count: 32)
        try write(firstKey, to: keyFile)
        let coordinator = try BackgroundCLI(["coordinator", "--dev", "--port", "0", "--operator-key-file", keyFile.path])
        defer { coordinator.stop() }
        let url = try await coordinator.waitForLine(matching: #"listening on (http://\S+)"#)
        let withFile = ["--coordinator", url, "--api-key-file", keyFile.path]

        let listed = try await CLIProcess.run(["account", "key", "list"] + withFile)
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdoutText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("active") == true)
        #expect(lines.first?.contains("(this key)") == true)
        #expect(!listed.stdoutText.contains(firstKey))

        // Rotated in place: the file now holds the new key, mode 0600, and the old key is revoked.
        let rotated = try await CLIProcess.run(["account", "key", "rotate", "--output", keyFile.path] + withFile)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.isEmpty)
        #expect(rotated.stderr.contains("revoked the old API key"))
        let secondKey = try String(contentsOf: keyFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(secondKey.count == 64 && secondKey != firstKey)
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let old = try await CLIProcess.run(["account", "key", "list", "--coordinator", url], environment: ["IDLEGRID_API_KEY": firstKey])
        #expect(old.status == 1)
        #expect(old.stderr.contains("401"))

        let json = try await CLIProcess.run(["account", "key", "list", "--json"] + withFile)
        let keys = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any])?["keys"] as? [[String: Any]])
        #expect(keys.count == 2)
        #expect(keys.first?["revokedAt"] != nil)
        #expect(keys.last?["current"] as? Bool == true)

        // Printed once, keeping the old key; then that key revoked by id.
        let printed = try await CLIProcess.run(["account", "key", "rotate", "--keep-old"] + withFile)
        #expect(printed.status == 0, "\(printed.stderr)")
        let thirdKey = printed.stdoutText.trimmingCharacters(in: .newlines)
        #expect(thirdKey.range(of: "^[0-9a-f]{64}$", options: .regularExpression) != nil)
        let thirdID = try #require(printed.stderr.firstMatch(of: /new API key ([0-9a-f-]{36})/)?.1)
        let revoked = try await CLIProcess.run(["account", "key", "revoke", String(thirdID)] + withFile)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdoutText.contains("revoked API key \(thirdID)"))
        let third = try await CLIProcess.run(["job", "list", "--coordinator", url], environment: ["IDLEGRID_API_KEY": thirdKey])
        #expect(third.status == 1)

        // The last active key is not revoked; the message says what to do.
        let current = try #require(keys.last?["id"] as? String)
        let last = try await CLIProcess.run(["account", "key", "revoke", current] + withFile)
        #expect(last.status == 1)
        #expect(last.stderr.contains("last active key"))
        let malformed = try await CLIProcess.run(["account", "key", "revoke", "not-an-id"] + withFile)
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("'not-an-id' is not an API key id"))

        let onCommandLine = try await CLIProcess.run(["coordinator", "--dev", "--operator-key", firstKey])
        #expect(onCommandLine.status != 0)
        #expect(onCommandLine.stderr.contains("--operator-key-file PATH") && onCommandLine.stderr.contains("IDLEGRID_OPERATOR_KEY"))
        let empty = directory.appendingPathComponent("empty.key")
        try write("\n", to: empty)
        let emptyFile = try await CLIProcess.run(["job", "list", "--coordinator", url, "--api-key-file", empty.path])
        #expect(emptyFile.status == 2)
        #expect(emptyFile.stderr.contains("the API key file '\(empty.path)' is empty"))

        // A file that is not one key is refused without its text being sent or echoed.
        let note = directory.appendingPathComponent("note.txt")
        try write("\(firstKey)\nsecret-second-line\n", to: note)
        let twoLines = try await CLIProcess.run(["job", "list", "--coordinator", url, "--api-key-file", note.path])
        #expect(twoLines.status == 2)
        #expect(twoLines.stderr.contains("the API key file '\(note.path)' holds more than one key"), "\(twoLines.stderr)")
        #expect(!twoLines.stderr.contains("secret-second-line"))
        let large = directory.appendingPathComponent("large.bin")
        try write(String(repeating: "a", count: 5000), to: large)
        let tooLarge = try await CLIProcess.run(["job", "list", "--coordinator", url, "--api-key-file", large.path])
        #expect(tooLarge.status == 2)
        #expect(tooLarge.stderr.contains("is 5000 bytes; it should hold the key alone (at most 4096 bytes)"), "\(tooLarge.stderr)")
        let spaced = try await CLIProcess.run(["job", "list", "--coordinator", url], environment: ["IDLEGRID_API_KEY": "two words"])
        #expect(spaced.status == 2)
        #expect(spaced.stderr.contains("IDLEGRID_API_KEY"), "\(spaced.stderr)")

        // A key file other users can read works, with a warning; mode 0600 gets none.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let readable = try await CLIProcess.run(["account", "key", "list"] + withFile)
        #expect(readable.status == 0, "\(readable.stderr)")
        #expect(readable.stderr.contains("can be read by other users (mode 644); run chmod 600 on it"), "\(readable.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        #expect(!(try await CLIProcess.run(["account", "key", "list"] + withFile)).stderr.contains("warning"))

        // An operator key short enough to guess is refused before anything starts.
        let short = directory.appendingPathComponent("short.key")
        try write("letmein\n", to: short)
        let weak = try await CLIProcess.run(["coordinator", "--dev", "--port", "0", "--operator-key-file", short.path])
        #expect(weak.status != 0)
        #expect(weak.stderr.contains("the operator key is 7 characters; use at least 32"), "\(weak.stderr)")
    }

    @Test func badSettingsAreRefusedNamingTheProblem() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try await CLIProcess.run(["job", "list", "--config", directory.appendingPathComponent("nope.json").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read the config file"))

        let notJSON = directory.appendingPathComponent("bad.json")
        try write("[1, 2]", to: notJSON)
        let array = try await CLIProcess.run(["job", "list"], environment: ["IDLEGRID_CONFIG": notJSON.path])
        #expect(array.status != 0)
        #expect(array.stderr.contains("is not a JSON object"))

        // A config file that cannot be used exits 2 whichever command reads it.
        for command in [["job", "list"], ["coordinator", "--dev"], ["worker"]] {
            let refused = try await CLIProcess.run(command + ["--config", notJSON.path])
            #expect(refused.status == 2, "\(command): \(refused.status) \(refused.stderr)")
        }
        let huge = directory.appendingPathComponent("huge.json")
        try write("{\"region\": \"" + String(repeating: "x", count: 1 << 20) + "\"}", to: huge)
        let tooLarge = try await CLIProcess.run(["worker", "--config", huge.path])
        #expect(tooLarge.status == 2)
        #expect(tooLarge.stderr.contains("a config file holds settings, at most 1048576 bytes"), "\(tooLarge.stderr)")

        // A relative path in a config file is read from the config file's directory, not the working one.
        let nested = directory.appendingPathComponent("etc")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try write("letmein\n", to: nested.appendingPathComponent("operator.key"))
        try write(#"{"operator-key-file": "operator.key"}"#, to: nested.appendingPathComponent("relative.json"))
        let relative = try await CLIProcess.run(["coordinator", "--dev", "--port", "0", "--config", nested.appendingPathComponent("relative.json").path])
        #expect(relative.stderr.contains("the operator key is 7 characters"), "read from the config's directory: \(relative.stderr)")

        let misspelt = directory.appendingPathComponent("misspelt.json")
        try write(#"{"prot": 9000}"#, to: misspelt)
        let typo = try await CLIProcess.run(["coordinator", "--dev", "--config", misspelt.path])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("has an unknown key 'prot'") && typo.stderr.contains("port"), "\(typo.stderr)")

        let listed = directory.appendingPathComponent("listed.json")
        try write(#"{"region": ["eu", "us"]}"#, to: listed)
        let list = try await CLIProcess.run(["worker", "--config", listed.path])
        #expect(list.status != 0)
        #expect(list.stderr.contains("gives 'region' a list, an object, a Boolean or null"), "\(list.stderr)")

        let boolean = directory.appendingPathComponent("boolean.json")
        try write(#"{"port": true}"#, to: boolean)
        let truePort = try await CLIProcess.run(["coordinator", "--dev", "--config", boolean.path])
        #expect(truePort.status != 0)
        #expect(truePort.stderr.contains("gives 'port' a list, an object, a Boolean or null"), "\(truePort.stderr)")

        // A first start that cannot listen leaves nothing behind, so the next start is a first
        // start again and shows the operator key it creates.
        let fresh = directory.appendingPathComponent("fresh.sqlite").path
        let unbound = try await CLIProcess.run(["coordinator", "--db", fresh, "--host", "no such host", "--port", "0"])
        #expect(unbound.status != 0)
        for leftover in [fresh, fresh + "-wal", fresh + "-shm", fresh + ".ledger-key"] {
            #expect(!FileManager.default.fileExists(atPath: leftover), "\(leftover) was left behind: \(unbound.stderr)")
        }
        let started = try BackgroundCLI(["coordinator", "--db", fresh, "--port", "0"])
        defer { started.stop() }
        _ = try await started.waitForLine(matching: #"operator API key \(shown once, keep it\): ([0-9a-f]{64})"#)

        let badPort = directory.appendingPathComponent("port.json")
        try write(#"{"port": "eighty"}"#, to: badPort)
        let port = try await CLIProcess.run(["coordinator", "--dev", "--config", badPort.path])
        #expect(port.status != 0)
        #expect(port.stderr.contains("setting 'port' must be an integer, not 'eighty'"))

        let slots = try await CLIProcess.run(["worker", "--coordinator", "http://127.0.0.1:1"], environment: ["IDLEGRID_SLOTS": "0"])
        #expect(slots.status != 0)
        #expect(slots.stderr.contains("--slots must be between 1 and 1024, not 0"))

        for bad in ["-3", "cheap", "1.5", "2 GRID", "170141183460469231731"] {
            let price = try await CLIProcess.run(["worker", "--coordinator", "http://127.0.0.1:1"], environment: ["IDLEGRID_PRICE": bad])
            #expect(price.status != 0)
            #expect(price.stderr.contains("--price must be an amount per fuel from 0 to 1 GRID"))
            #expect(price.stderr.contains("not '\(bad)'"))
        }

        let notHTTP = try await CLIProcess.run(["worker", "--coordinator", "ftp://127.0.0.1"])
        #expect(notHTTP.status != 0)
        #expect(notHTTP.stderr.contains("--coordinator 'ftp://127.0.0.1' is not an http(s) URL"))
        let noCoordinator = try await CLIProcess.run(["worker"])
        #expect(noCoordinator.status != 0)
        #expect(noCoordinator.stderr.contains("give the coordinator's URL with --coordinator"))

        let notAKey = try await CLIProcess.run(["worker", "--coordinator", "http://127.0.0.1:1"], environment: ["IDLEGRID_PROVIDER_KEY": "hunter2"])
        #expect(notAKey.status != 0)
        #expect(notAKey.stderr.contains("IDLEGRID_PROVIDER_KEY: a provider API key is 64 lowercase hex digits"))
        #expect(!notAKey.stderr.contains("hunter2"))
        let both = try await CLIProcess.run(
            ["worker", "--coordinator", "http://127.0.0.1:1"],
            environment: ["IDLEGRID_PROVIDER_KEY": String(repeating: "a", count: 64), "IDLEGRID_ENROLLMENT_TOKEN": "enroll-" + String(repeating: "a", count: 64)])
        #expect(both.stderr.contains("set only one of IDLEGRID_PROVIDER_KEY and IDLEGRID_ENROLLMENT_TOKEN"))
        let noFile = try await CLIProcess.run(
            ["worker", "--coordinator", "http://127.0.0.1:1", "--credential-file", directory.appendingPathComponent("missing").path])
        #expect(noFile.status != 0)
        #expect(noFile.stderr.contains("cannot read the credential file"))

        // A negative bid is read as one and refused as one, not taken for a flag.
        let negative = try await CLIProcess.run(["worker", "--coordinator", "http://127.0.0.1:1", "--price", "-5"])
        #expect(negative.status != 0)
        #expect(negative.stderr.contains("--price must be an amount per fuel from 0 to 1 GRID"), "\(negative.stderr)")
        #expect(!negative.stderr.contains("Missing value"))

        let hours = try await CLIProcess.run(["worker", "--coordinator", "http://127.0.0.1:1", "--hours", "25-3"])
        #expect(hours.status != 0)
        #expect(hours.stderr.contains("--hours must look like 22-7"))

        for (flag, value, message) in [("--settlement-period", "0", "--settlement-period must be a whole number of seconds from 1 to 31622400"),
                                       ("--settlement-period", "31622401", "--settlement-period must be a whole number of seconds from 1 to 31622400"),
                                       ("--minimum-payout", "1000000001 GRID", "minimumPayout is 1000000001 GRID; it must be at most"),
                                       ("--settlement-anchor", "/nonexistent-dir/anchor.txt", "settlementAnchorPath is '/nonexistent-dir/anchor.txt'"),
                                       ("--minimum-payout", "-1", "--minimum-payout must not be below zero"),
                                       ("--minimum-payout", "cheap", "--minimum-payout: "),
                                       ("--operator-account", "treasury", "--operator-account must be an account id (a UUID), not 'treasury'"),
                                       // A fresh database has no such account: the start is refused, naming it.
                                       ("--operator-account", "00000000-0000-4000-8000-0000000000ff", "there is no account 00000000-0000-4000-8000-0000000000ff")] {
            let refused = try await CLIProcess.run(["coordinator", "--dev", "--port", "0", "\(flag)=\(value)"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }

        let noDatabase = try await CLIProcess.run(["coordinator"])
        #expect(noDatabase.status != 0)
        #expect(noDatabase.stderr.contains("--db PATH"))

        let emptyDirectory = directory.appendingPathComponent("empty-does-not-exist")
        let tasksFrom = try await CLIProcess.run(
            ["submit", String(repeating: "a", count: 64), "--tasks-from", emptyDirectory.path, "--coordinator", "http://127.0.0.1:1"])
        #expect(tasksFrom.status != 0)
        #expect(tasksFrom.stderr.contains("cannot read the directory"))
    }
    @Test func anOperatorFundsAnAccountAndItSeesItsBalance() async throws {
        let coordinator = try BackgroundCLI(["coordinator", "--dev", "--port", "0"])
        defer { coordinator.stop() }
        let url = try await coordinator.waitForLine(matching: #"listening on (http://\S+)"#)
        let operatorKey = try await coordinator.waitForLine(matching: #"operator API key \(shown once, keep it\): ([0-9a-f]{64})"#)
        let alice = try await post(url, "/v1/accounts", key: operatorKey, json: #"{"name":"alice","role":"client"}"#)
        let account = try #require(alice["account"] as? String)
        let aliceKey = try #require(alice["apiKey"] as? String)

        let funded = try await CLIProcess.run(["account", "fund", account, "2.5 GRID", "--memo", "first", "--coordinator", url], environment: ["IDLEGRID_API_KEY": operatorKey])
        #expect(funded.status == 0, "\(funded.stderr)")
        #expect(funded.stdoutText.contains("minted 2.5 GRID onto \(account); available now 2.5 GRID"), "\(funded.stdoutText)")

        let balance = try await CLIProcess.run(["account", "balance", "--json", "--coordinator", url], environment: ["IDLEGRID_API_KEY": aliceKey])
        #expect(balance.status == 0, "\(balance.stderr)")
        let statement = try #require(try JSONSerialization.jsonObject(with: Data(balance.stdout)) as? [String: Any])
        #expect((statement["balance"] as? [String: Any])?["available"] as? String == "2500000000000000000")
        #expect((statement["history"] as? [[String: Any]])?.first?["memo"] as? String == "first")
        let text = try await CLIProcess.run(["account", "balance", "--coordinator", url], environment: ["IDLEGRID_API_KEY": aliceKey])
        #expect(text.stdoutText.contains("available 2.5 GRID"), "\(text.stdoutText)")

        // Refused before sending: a fraction without its unit, zero, a bad id; then by the coordinator: a client key.
        for (arguments, status) in [(["account", "fund", account, "2.5"], 64), (["account", "fund", account, "0"], 64), (["account", "fund", "nope", "1 GRID"], 64)] {
            let refused = try await CLIProcess.run(arguments + ["--coordinator", url], environment: ["IDLEGRID_API_KEY": operatorKey])
            #expect(refused.status == Int32(status), "\(arguments) \(refused.stderr)")
        }
        let notOperator = try await CLIProcess.run(["account", "fund", account, "1 GRID", "--coordinator", url], environment: ["IDLEGRID_API_KEY": aliceKey])
        #expect(notOperator.status == 1)
        #expect(notOperator.stderr.contains("403 Forbidden: only an operator's API key can mint GRID"), "\(notOperator.stderr)")
        let after = try await CLIProcess.run(["account", "balance", "--json", "--coordinator", url], environment: ["IDLEGRID_API_KEY": aliceKey])
        let unchanged = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout)) as? [String: Any])
        #expect((unchanged["balance"] as? [String: Any])?["available"] as? String == "2500000000000000000")
    }
}
