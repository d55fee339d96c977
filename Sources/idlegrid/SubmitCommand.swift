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

    @Option(help: "Replicas per task, on different workers.")
    var replicas: Int = 1

    @Option(help: "Fuel budget per task.")
    var fuel: UInt64?

    @Option(help: "Seed: per-task (default) or a number.")
    var seed: String = "per-task"

    @Option(help: "Seconds after which unfinished tasks expire.")
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
    }

    func run() async throws {
        try await reportingFailures {
            let client = try options.client()
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
            let limits = try fuel.map { try Limits(fuel: $0) }
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
            if finished.state != .completed { throw ExitCode(1) }
        }
    }
}

/// Waiting for a job and showing it, shared by `submit --wait` and `job status --wait`.
enum JobWatcher {
    static func wait(for id: JobID, tasks: Int, client: GridClient) async throws -> JobSummary {
        let bar = Mutex(ProgressBar(total: tasks, label: "tasks"))
        let lastReason = Mutex<String?>(nil)
        let finished = try await client.waitForCompletion(of: id) { summary in
            bar.withLock { $0.update(summary.tasksFinished) }
            // Why the job waits, each time that changes: a wait should never look like a hang.
            let reason = summary.waitingReason
            if lastReason.withLock({ last in defer { last = reason }; return last != reason }), let reason {
                FileHandle.standardError.write(Data("waiting: \(reason)\n".utf8))
            }
        }
        bar.withLock { $0.finish() }
        return finished
    }

    static func writeOutputs(of id: JobID, to directory: String, client: GridClient) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for result in try await client.results(of: id).results {
            let path = (directory as NSString).appendingPathComponent("\(result.index).out")
            guard FileManager.default.createFile(atPath: path, contents: result.output) else {
                throw CLIFailure("cannot write \(path)")
            }
        }
    }

    static func printSummary(_ job: JobSummary) {
        print("job \(job.id): \(job.state.rawValue), \(job.tasksFinished)/\(job.taskCount) tasks finished, \(job.tasksSucceeded) succeeded, fuel \(job.fuelUsed)")
        if let reason = job.waitingReason {
            print("  waiting: \(reason)")
        }
    }
}
