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

            Limits apply to each task: --fuel in fuel units; --memory and --max-output as sizes (64MiB, 512KiB, 1GiB; K, M, G are powers of 1024 like KiB, MiB, GiB; KB, MB, GB powers of 1000; a bare number is MiB for --memory and bytes for --max-output, as in 'idlegrid run'); --timeout as a duration (30s, 500ms, 2m, 1h; a bare number is seconds). A limit not given keeps its default: \(LimitText.describeStandard()).

            \(JobWatcher.exitStatusHelp)
            """
    )

    @OptionGroup var job: JobOptions

    @Flag(help: "Wait for the job to finish, with a progress bar.")
    var wait = false

    @Option(help: "With --wait: write each task's output to DIR/<index>.out.")
    var output: String?

    @Option(help: JobWatcher.waitTimeoutHelp)
    var waitTimeout: String?

    @Flag(help: "Print the answer as JSON.")
    var json = false

    @OptionGroup var options: ClientOptions

    func validate() throws {
        if output != nil, !wait { throw ValidationError("--output needs --wait") }
        if waitTimeout != nil, !wait { throw ValidationError("--wait-timeout needs --wait") }
        _ = try JobWatcher.waitTimeout(waitTimeout)
    }

    func run() async throws {
        try await reportingFailures {
            let client = try options.client()
            // Before anything is sent: a directory that cannot be made is found now, not after the job ran.
            if let output, (try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)) == nil {
                throw CLIFailure("cannot create the directory \(output)")
            }
            let submission = try await job.submission(client: client)
            let tasks = submission.tasks
            let submitted = try await client.submit(submission)
            guard wait else {
                if json { try printJSON(submitted) } else { print(submitted.id) }
                return
            }
            FileHandle.standardError.write(Data("job \(submitted.id): \(tasks.count) task(s)\n".utf8))
            let finished = try await JobWatcher.wait(
                for: submitted.id, tasks: tasks.count, client: client, timeout: try JobWatcher.waitTimeout(waitTimeout))
            if let output { try await JobWatcher.writeOutputs(of: submitted.id, to: output, client: client) }
            if json { try printJSON(finished) } else { JobWatcher.printSummary(finished) }
            try await JobWatcher.requireSuccess(of: finished, client: client)
        }
    }
}
