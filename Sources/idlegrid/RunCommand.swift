import ArgumentParser
import Foundation
import GridCore
import GridSandbox

/// `idlegrid run`: runs a module locally in the sandbox and prints the outcome.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WebAssembly module locally in the deterministic sandbox.",
        discussion: """
            The guest's stdout goes to standard output (or to --output FILE) and its stderr to \
            standard error; a one-line summary of the outcome follows on standard error. With \
            --json, a JSON document with the whole outcome is printed instead.

            Exit status: the guest's own status when it exits; 124 when a limit ended the run; \
            125 when the guest trapped; 2 when the module or a file is refused; 64 for bad options.
            """
    )

    @Argument(help: "The WebAssembly module (.wasm) to run.")
    var module: String

    @Option(name: .long, help: "A file whose bytes are the guest's stdin ('-' for this process's stdin).")
    var input: String?

    @Option(name: .customLong("arg"), help: "An argument for the guest (repeatable). With --invoke, integers passed to the export.")
    var flaggedArguments: [String] = []

    @Argument(parsing: .postTerminator, help: "Arguments for the guest after '--', as with --arg.")
    var trailingArguments: [String] = []

    /// The guest's arguments: every --arg, then everything after `--`.
    private var arguments: [String] { flaggedArguments + trailingArguments }

    @Option(name: .customLong("env"), help: "An environment variable KEY=VALUE for the guest (repeatable).")
    var environment: [String] = []

    @Option(help: "Call this exported function with integer --arg values instead of running _start.")
    var invoke: String?

    @Option(help: "Fuel budget (≈ WebAssembly operators).")
    var fuel: UInt64 = Limits.standard.fuel

    @Option(help: "Linear-memory limit in MiB.")
    var memory: UInt64 = Limits.standard.memoryBytes >> 20

    @Option(help: "Wall-clock limit in seconds (fractions allowed).")
    var timeout: Double = Double(Limits.standard.wallClockMilliseconds) / 1000

    @Option(help: "Output limit for each of stdout and stderr, in bytes.")
    var maxOutput: UInt64 = Limits.standard.outputBytes

    @Option(help: "Seed for the guest's random_get.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "Write the guest's stdout to this file.")
    var output: String?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func validate() throws {
        _ = try makeLimits()
        _ = try makeEnvironment()
        _ = try makeEntry()
    }

    func run() throws {
        do {
            try execute()
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("Error: \(failure)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func execute() throws {
        let limits = try makeLimits()
        let invocation = try makeInvocation()
        let bytes = try readFile(module, what: "module")
        let sandbox = Sandbox()
        let loaded: SandboxModule
        let outcome: ExecutionOutcome
        do {
            loaded = try sandbox.load(bytes)
            outcome = try sandbox.run(loaded, invocation, limits: limits)
        } catch {
            throw CLIFailure("\(module): \(error.message)")
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(outcome.stdout)) else {
                throw CLIFailure("cannot write \(output)")
            }
        }
        if json {
            print(try OutcomeReport(outcome, moduleHash: loaded.hash).jsonString())
        } else {
            if output == nil { FileHandle.standardOutput.write(Data(outcome.stdout)) }
            FileHandle.standardError.write(Data(outcome.stderr))
            FileHandle.standardError.write(Data((Summary.line(for: outcome) + "\n").utf8))
        }
        let status = Self.exitStatus(for: outcome)
        if status != 0 { throw ExitCode(status) }
    }

    static func exitStatus(for outcome: ExecutionOutcome) -> Int32 {
        switch outcome.termination {
        case .exited(let code): code == 0 ? 0 : max(1, code & 0xff)
        case .returned: 0
        case .limitExceeded: 124
        case .trapped, .cancelled: 125
        }
    }

    private func makeLimits() throws -> Limits {
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds, not \(timeout)")
        }
        let (memoryBytes, overflow) = memory.multipliedReportingOverflow(by: 1 << 20)
        do {
            return try Limits(
                fuel: fuel, memoryBytes: overflow ? .max : memoryBytes,
                wallClockMilliseconds: UInt64(min(timeout * 1000, Double(UInt64.max / 2)).rounded(.up)),
                outputBytes: maxOutput)
        } catch {
            throw ValidationError(error.message)
        }
    }

    private func makeEnvironment() throws -> [(key: String, value: String)] {
        try environment.map { pair in
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--env '\(pair)' must look like KEY=VALUE")
            }
            return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
    }

    private func makeEntry() throws -> Invocation.Entry {
        guard let invoke else { return .command }
        let integers = try arguments.map { text in
            guard let value = Int64(text) else {
                throw ValidationError("--arg '\(text)' is not an integer; --invoke passes integer arguments")
            }
            return value
        }
        return .export(name: invoke, arguments: integers)
    }

    private func makeInvocation() throws -> Invocation {
        // The worker's argv[0], so a local run's output and fuel are what the network's would be.
        return Invocation(
            entry: try makeEntry(), programName: Invocation.taskProgramName, arguments: invoke == nil ? arguments : [],
            environment: try makeEnvironment(), stdin: try input.map { try readFile($0, what: "input") } ?? [],
            seed: seed)
    }
}
