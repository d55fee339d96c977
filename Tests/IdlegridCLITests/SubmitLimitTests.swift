import Foundation
import Testing

/// `idlegrid submit`'s limit flags as a user types them: sizes and durations with units, each
/// bad value refused before anything is sent, naming the flag, what was wrong and what is allowed.
@Suite("Submit's limit flags")
struct SubmitLimitTests {
    /// Runs `submit` against a coordinator that is not there: a flag refused by validation never
    /// gets as far as connecting.
    private func submit(_ flags: [String]) async throws -> CLIProcess.Result {
        try await CLIProcess.run(
            ["submit", String(repeating: "a", count: 64), "--wait", "--coordinator", "http://127.0.0.1:1"] + flags,
            environment: ["IDLEGRID_API_KEY": String(repeating: "a", count: 64)])
    }

    @Test(arguments: [
        (["--memory", "lots"], "--memory must be a size like 64MiB, 512KiB or 1GiB, not 'lots'"),
        (["--memory", "64 parsecs"], "--memory must be a size like 64MiB, 512KiB or 1GiB, not '64 parsecs'"),
        (["--memory", "1.2.3MiB"], "--memory must be a size like 64MiB, 512KiB or 1GiB, not '1.2.3MiB'"),
        (["--memory", "16KiB"], "--memory 16KiB is under the smallest allowed, 64KiB"),
        (["--memory", "8GiB"], "--memory 8GiB is over the largest allowed, 4GiB"),
        (["--memory", "0"], "--memory 0 is under the smallest allowed, 64KiB"),
        (["--timeout", "soon"], "--timeout must be a duration like 30s, 500ms or 2m, not 'soon'"),
        (["--timeout", "3d"], "--timeout must be a duration like 30s, 500ms or 2m, not '3d'"),
        (["--timeout", "0s"], "--timeout 0s is under the shortest allowed, 1ms"),
        (["--timeout", "0.1ms"], "--timeout 0.1ms is under the shortest allowed, 1ms"),
        (["--timeout", "25h"], "--timeout 25h is over the longest allowed, 24h"),
        (["--max-output", "0B"], "--max-output 0B is under the smallest allowed, 1B"),
        (["--max-output", "1GiB"], "--max-output 1GiB is over the largest allowed, 256MiB"),
        (["--fuel", "0"], "--fuel must be between 1 and 10000000000000, not 0"),
        (["--memory", "-1"], "--memory must be a size like 64MiB, 512KiB or 1GiB, not '-1'"),
        (["--timeout", "-1s"], "--timeout must be a duration like 30s, 500ms or 2m, not '-1s'"),
        (["--replicas", "-2"], "--replicas must be between 1 and 16, not -2"),
        (["--deadline", "-1"], "--deadline must be between 1 and 2592000 seconds (30 days), not -1"),
        (["--replicas", "0"], "--replicas must be between 1 and 16, not 0"),
        (["--replicas", "17"], "--replicas must be between 1 and 16, not 17"),
        (["--deadline", "0"], "--deadline must be between 1 and 2592000 seconds (30 days), not 0"),
        (["--deadline", "99999999"], "--deadline must be between 1 and 2592000 seconds (30 days), not 99999999"),
        (["--max-price", "-5"], "'--max-price' is -5: it must be 0 or more"),
        (["--max-price", "cheap"], "'--max-price' is 'cheap': expected a price per fuel such as 2000000, 0.5 (base units per fuel) or 0.0000000000000007 GRID, from 0 to 1 GRID"),
        (["--max-price", "1e5"], "'--max-price' is '1e5': expected a price per fuel"),
        (["--max-price", "2 GRID"], "'--max-price' is 2 GRID: a price per fuel is at most 1 GRID"),
        (["--max-price", "0.0000000000000000001"], "'--max-price' is '0.0000000000000000001': expected at most 18 digits after the point"),
    ])
    func aBadLimitIsRefusedNamingTheFlag(flags: [String], message: String) async throws {
        let result = try await submit(flags)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("Error: \(message)"), "\(result.stderr)")
        // Refused before connecting: the missing coordinator is never mentioned.
        #expect(!result.stderr.contains("cannot reach"))
    }

    @Test func jobQuoteTakesTheSameOptionsAndRefusesTheSameWay() async throws {
        let result = try await CLIProcess.run(
            ["job", "quote", String(repeating: "a", count: 64), "--max-price", "-1", "--coordinator", "http://127.0.0.1:1"],
            environment: ["IDLEGRID_API_KEY": String(repeating: "a", count: 64)])
        #expect(result.status == 64 && result.stderr.contains("'--max-price' is -1: it must be 0 or more"), "\(result.stderr)")
    }

    @Test func goodLimitsPassValidationAndReachTheNetwork() async throws {
        for flags in [
            ["--memory", "64MiB", "--timeout", "30s", "--max-output", "1MiB"], ["--memory", "512", "--timeout", "1.5"],
            ["--memory", "100MB", "--timeout", "500ms", "--max-output", "4096"], ["--memory", "1 GiB", "--timeout", "2m"],
            ["--memory", "4GiB", "--timeout", "24h", "--max-output", "256MiB", "--fuel", "10000000000000"],
            ["--replicas", "16", "--deadline", "2592000"], ["--replicas", "1", "--deadline", "1"],
            // A price as `idlegrid price` prints it, fractional, with its unit; and 1 GRID, the most.
            ["--max-price", "2000000.5 base units per fuel"], ["--max-price", "0.5"], ["--max-price", "1 GRID"],
        ] {
            let result = try await submit(flags)
            // Past validation, the command fails only for the coordinator that is not there.
            #expect(result.status == 1, "\(flags): \(result.stderr)")
            #expect(result.stderr.contains("cannot reach the coordinator"), "\(flags): \(result.stderr)")
        }
    }

    @Test func helpNamesTheUnitsTheDefaultsAndTheExitStatuses() async throws {
        // Words only: the help wraps at the terminal's width.
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let help = words(try await CLIProcess.run(["submit", "--help"]).stdoutText)
        for text in ["--memory <size>", "--timeout <duration>", "--max-output <size>", "64MiB", "30s", "500ms", "powers of 1024",
                     "--memory 256MiB", "--timeout 1m", "--max-output 16MiB", "Exit status with --wait", "3 when it ended but some tasks",
                     "4 when it was cancelled or expired"] {
            #expect(help.contains(text), "--help lacks '\(text)':\n\(help)")
        }
        let status = words(try await CLIProcess.run(["job", "status", "--help"]).stdoutText)
        #expect(status.contains("Exit status with --wait"))
    }

    @Test func jobListRefusesALimitOutOfRangeBeforeSending() async throws {
        for limit in ["0", "501"] {
            let result = try await CLIProcess.run(
                ["job", "list", "--limit", limit, "--coordinator", "http://127.0.0.1:1"],
                environment: ["IDLEGRID_API_KEY": String(repeating: "a", count: 64)])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("Error: --limit must be between 1 and 500, not \(limit)"), "\(result.stderr)")
        }
    }

    /// Found by a live trial: the error came with the top level's usage, not the command's.
    @Test func revokingAKeyIdThatIsNotOneIsRefusedWithTheRevokeUsage() async throws {
        let result = try await CLIProcess.run(
            ["account", "key", "revoke", "notauuid", "--coordinator", "http://127.0.0.1:1"],
            environment: ["IDLEGRID_API_KEY": String(repeating: "a", count: 64)])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("'notauuid' is not an API key id") && result.stderr.contains("account key revoke"), "\(result.stderr)")
    }
}
