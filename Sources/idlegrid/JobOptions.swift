import ArgumentParser
import Foundation
import GridClient
import GridCore

/// What a job is, as `submit` and `job quote` take it: the module, the tasks' inputs and
/// arguments, replicas, limits, seed, deadline and price cap.
struct JobOptions: ParsableArguments {
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

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The most the job pays per fuel, base fee + a worker's bid: base units (2000000, 0.5) or GRID (0.000000000002 GRID), at most 1 GRID; default twice the base fee.",
        valueName: "amount"))
    var maxPrice: String?

    @Flag(help: "Queue the job even when no online worker's price fits --max-price; it waits, its escrow held, until enough do, its --deadline passes, or it is cancelled.")
    var waitForPrice = false

    func validate() throws {
        guard SeedPolicy(seed) != nil else { throw ValidationError("--seed must be per-task or a number, not '\(seed)'") }
        guard JobSubmission.Bounds.replicas.contains(replicas) else {
            throw ValidationError("--replicas must be between 1 and 16, not \(replicas)")
        }
        if let deadline, !JobSubmission.Bounds.deadlineSeconds.contains(deadline) {
            throw ValidationError("--deadline must be between 1 and 2592000 seconds (30 days), not \(deadline)")
        }
        _ = try makeLimits()
        _ = try priceCap()
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

    /// The price cap from `--max-price`, nil when it is not given.
    func priceCap() throws -> PricePerFuel? {
        guard let maxPrice else { return nil }
        do {
            return try PricePerFuel(parsing: maxPrice, field: "--max-price")
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The submission the flags describe; a module given as a file is uploaded first, and input
    /// files are read (a file that cannot be is a ``CLIFailure``).
    func submission(client: GridClient) async throws -> JobSubmission {
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
        return JobSubmission(
            module: hash, tasks: tasks, limits: try makeLimits(), replicas: replicas, seed: SeedPolicy(seed), deadlineSeconds: deadline,
            maxPricePerFuel: try priceCap(), waitForPrice: waitForPrice ? true : nil)
    }
}
