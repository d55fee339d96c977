import Foundation
import GridCore
import Testing

@Suite("idlegrid run, as a user sees it")
struct RunCommandTests {
    @Test func runsACommandAndSummarises() async throws {
        let result = try await CLIProcess.run(["run", CLIProcess.guest("primes"), "--arg", "1000"])
        #expect(result.status == 0)
        #expect(result.stdoutText == "168\n")
        #expect(result.stderr.contains("exited with status 0 · fuel "))
    }

    @Test func guestArgumentsAfterTheTerminatorAndOutputToAFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-cli-\(UUID()).ppm")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await CLIProcess.run(["run", CLIProcess.guest("mandelbrot"), "--output", file.path, "--", "64", "48", "0", "0", "4", "2", "64", "ppm"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let written = try [UInt8](Data(contentsOf: file))
        #expect(written.starts(with: Array("P6\n4 2\n255\n".utf8)))
        let header = 11, pixels = 4 * 2 * 3  // spelled apart: the literal sum inside #expect can time out the type checker
        #expect(written.count == header + pixels)
    }

    @Test func readsStdinWithADash() async throws {
        let result = try await CLIProcess.run(["run", CLIProcess.guest("wordcount"), "--input", "-"], stdin: Array("one two\nthree\n".utf8))
        #expect(result.stdoutText == "2 3 14\n")
    }

    @Test func jsonDescribesTheWholeOutcome() async throws {
        let result = try await CLIProcess.run(["run", CLIProcess.guest("montecarlo-pi"), "--arg", "1000", "--seed", "9", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        #expect(object["termination"] as? String == "exited")
        #expect(object["exitCode"] as? Int == 0)
        #expect((object["fuelUsed"] as? Int ?? 0) > 0)
        let stdout = try #require(object["stdout"] as? String)
        #expect(object["outputHash"] as? String == ContentHash(of: Array(stdout.utf8)).hex)
        #expect(object["module"] as? String == ContentHash(of: try [UInt8](Data(contentsOf: URL(fileURLWithPath: CLIProcess.guest("montecarlo-pi"))))).hex)
    }

    @Test func invokesAnExportWithIntegerArguments() async throws {
        let result = try await CLIProcess.run(["run", CLIProcess.guest("primes"), "--invoke", "count_primes", "--arg", "100", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        #expect(object["returned"] as? [Int] == [25])
    }

    @Test func exitStatusesFollowTheOutcome() async throws {
        #expect(try await CLIProcess.run(["run", CLIProcess.guest("exit3")]).status == 3)
        let spin = try await CLIProcess.run(["run", CLIProcess.guest("spin"), "--fuel", "100000"])
        #expect(spin.status == 124)
        #expect(spin.stderr.contains("stopped: fuel limit exceeded"))
        let hog = try await CLIProcess.run(["run", CLIProcess.guest("hog"), "--memory", "1"])
        #expect(hog.status == 1)
        #expect(hog.stderr.contains("after the memory limit refused it"))
    }

    @Test func refusedModulesAndFilesExitWith2AndSayWhy() async throws {
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-cli-\(UUID()).wasm")
        try Data("not wasm at all".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        let notWasm = try await CLIProcess.run(["run", garbage.path])
        #expect(notWasm.status == 2)
        #expect(notWasm.stderr.contains("not a valid WebAssembly module"))

        let missing = try await CLIProcess.run(["run", "/nonexistent/module.wasm"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read module file '/nonexistent/module.wasm'"))

        let export = try await CLIProcess.run(["run", CLIProcess.guest("primes"), "--invoke", "nope"])
        #expect(export.status == 2)
        #expect(export.stderr.contains("exports no function named 'nope'"))
    }

    @Test(arguments: [
        (["--fuel", "0"], "limit 'fuel' is 0"),
        (["--fuel", "10000000000001"], "limit 'fuel' is 10000000000001, outside the allowed range"),
        (["--memory", "4097"], "limit 'memoryBytes' is 4296015872"),
        (["--timeout", "86401"], "limit 'wallClockMilliseconds' is 86401000"),
        (["--memory", "0"], "limit 'memoryBytes' is 0"),
        (["--timeout", "0"], "--timeout must be a positive number"),
        (["--timeout", "nan"], "--timeout must be a positive number"),
        (["--max-output", "0"], "limit 'outputBytes' is 0"),
        (["--env", "NOEQUALS"], "--env 'NOEQUALS' must look like KEY=VALUE"),
        (["--invoke", "count_primes", "--arg", "ten"], "--arg 'ten' is not an integer"),
    ])
    func badOptionsExitWith64(options: [String], message: String) async throws {
        let result = try await CLIProcess.run(["run", CLIProcess.guest("primes")] + options)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message))
    }
}

@Suite("idlegrid bench")
struct BenchCommandTests {
    @Test func printsFuelPerSecondPerCore() async throws {
        let result = try await CLIProcess.run(["bench", "--seconds", "0.05", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        #expect((object["fuelPerSecondPerCore"] as? Int ?? 0) > 1_000_000)
        #expect(object["cores"] as? Int == 1)
    }

    @Test func refusesImpossibleCoreCounts() async throws {
        let result = try await CLIProcess.run(["bench", "--cores", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--cores must be between 1 and"))
    }
}
