import ArgumentParser
import Foundation
import GridClient
import GridCore
import Synchronization

/// `idlegrid submit`: sends a job, optionally waits for it with a progress bar.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a job: run a module once per input.",
        discussion: """
            MODULE is a .wasm file (uploaded first) or a module hash. Each --input FILE, or each file \
            of --tasks-from DIR (in name order), is one task's stdin; with neither there is one task. \
            Every task gets the --arg arguments.

            Limits apply to each task: --fuel in fuel units; --memory and --max-output as sizes             (64MiB, 512KiB, 1GiB; K, M, G are powers of 1024 like KiB, MiB, GiB; KB, MB, GB powers of             1000; a bare number is MiB for --memory and bytes for --max-output, as in 'idlegrid run');             --timeout as a duration (30s, 500ms, 2m, 1h; a bare number is seconds). A limit not             given keeps its default: \(LimitText.describeStandard()).

            \(JobWatcher.exitStatusHelp)
            """
    )

    @Argument(help: "A .wasm file or a module's SHA-256.")
    var module: String

    @Option(help: "A file whose bytes are one task's stdin (repeatable).")
    var input: [String] = []

    @Option(help: "A directory whose files are the tasks' stdin, one task per file.")
    var tasksFrom: String?

    @Option(name: .customLong("arg"), help: "An argument for every task (repeatable).")
    var arguments: [String] = []

    // `.unconditional`: a negative value is the option's value (and refused as one), not an unknown flag.
    @Option(parsing: .unconditional, help: "Replicas per task, on different workers (1...16).")
    var replicas: Int = 1

    @Option(parsing: .unconditional, help: "Fuel budget per task (≈ WebAssembly operators).")
    var fuel: UInt64?

    @Option(parsing: .unconditional, help: ArgumentHelp("Linear-memory limit per task, e.g. 64MiB.", valueName: "size"))
    var memory: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Wall-clock limit per task, e.g. 30s or 500ms.", valueName: "duration"))
    var timeout: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Output limit per task, for each of stdout and stderr, e.g. 1MiB.", valueName: "size"))
    var maxOutput: String?

    @Option(help: "Seed: per-task (default) or a number.")
    var seed: String = "per-task"

    @Option(parsing: .unconditional, help: "Seconds after which unfinished tasks expire (1...2592000, 30 days).")
    var deadline: Int?

    @Flag(help: "Wait for the job to finish, with a progress bar.")
    var wait = false

    @Option(help: "With --wait: write each task's output to DIR/<index>.out.")
    var output: String?

    @Flag(help: "Print the answer as JSON.")
    var json = false

    @OptionGroup var options: ClientOptions

    func validate() throws {
        guard SeedPolicy(seed) != nil else { throw ValidationError("--seed must be per-task or a number, not '\(seed)'") }
        if output != nil, !wait { throw ValidationError("--output needs --wait") }
        guard JobSubmission.Bounds.replicas.contains(replicas) else {
            throw ValidationError("--replicas must be between 1 and 16, not \(replicas)")
        }
        if let deadline, !JobSubmission.Bounds.deadlineSeconds.contains(deadline) {
            throw ValidationError("--deadline must be between 1 and 2592000 seconds (30 days), not \(deadline)")
        }
        _ = try makeLimits()
    }

    /// The job's limits from the flags; nil when none is given (the coordinator's defaults).
    func makeLimits() throws -> Limits? {
        guard fuel != nil || memory != nil || timeout != nil || maxOutput != nil else { return nil }
        let standard = Limits.standard
        let fuel = try self.fuel.map { try LimitText.checked($0, flag: "--fuel") } ?? standard.fuel
        let memoryBytes = try memory.map { try LimitText.bytes($0, flag: "--memory", bareUnit: 1 << 20, allowed: Limits.Bounds.memoryBytes) }
        let wallClock = try timeout.map { try LimitText.milliseconds($0, flag: "--timeout") }
        let outputBytes = try maxOutput.map { try LimitText.bytes($0, flag: "--max-output", bareUnit: 1, allowed: Limits.Bounds.outputBytes) }
        return try Limits(
            fuel: fuel, memoryBytes: memoryBytes ?? standard.memoryBytes,
            wallClockMilliseconds: wallClock ?? standard.wallClockMilliseconds, outputBytes: outputBytes ?? standard.outputBytes)
    }

    func run() async throws {
        try await reportingFailures {
            let client = try options.client()
            // Before anything is sent: a directory that cannot be made is found now, not after the job ran.
            if let output, (try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)) == nil {
                throw CLIFailure("cannot create the directory \(output)")
            }
            let hash: ContentHash
            if let parsed = try? ContentHash(hex: module) {
                hash = parsed
            } else {
                hash = try await client.uploadModule(Data(try readFile(module, what: "module"))).hash
            }
            var inputs = try input.map { Data(try readFile($0, what: "input")) }
            if let tasksFrom {
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: tasksFrom) else {
                    throw CLIFailure("cannot read the directory '\(tasksFrom)'")
                }
                for name in names.sorted() {
                    inputs.append(Data(try readFile((tasksFrom as NSString).appendingPathComponent(name), what: "input")))
                }
            }
            let tasks = inputs.isEmpty ? [TaskInput(arguments: arguments)] : inputs.map { TaskInput(stdin: $0, arguments: arguments) }
            let limits = try makeLimits()
            let job = try await client.submit(JobSubmission(
                module: hash, tasks: tasks, limits: limits, replicas: replicas, seed: SeedPolicy(seed), deadlineSeconds: deadline))
            guard wait else {
                if json { try printJSON(job) } else { print(job.id) }
                return
            }
            FileHandle.standardError.write(Data("job \(job.id): \(tasks.count) task(s)\n".utf8))
            let finished = try await JobWatcher.wait(for: job.id, tasks: tasks.count, client: client)
            if let output { try await JobWatcher.writeOutputs(of: job.id, to: output, client: client) }
            if json { try printJSON(finished) } else { JobWatcher.printSummary(finished) }
            try await JobWatcher.requireSuccess(of: finished, client: client)
        }
    }
}
