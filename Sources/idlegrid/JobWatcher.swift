import ArgumentParser
import Foundation
import GridClient
import GridCore

/// Waiting for a job and showing it, shared by `submit --wait` and `job status --wait`.
enum JobWatcher {
    /// Exit status when the job ended and some of its tasks did not succeed: given up, or the
    /// guest failed (a non-zero exit, a trap, a limit).
    static let tasksFailedStatus: Int32 = 3
    /// Exit status when the job was cancelled or expired before all its tasks finished.
    static let jobStoppedStatus: Int32 = 4
    /// Exit status when `--wait-timeout` passed first; the job goes on.
    static let waitTimedOutStatus: Int32 = 5

    /// The help of `--wait-timeout`, the same in `submit` and `job status`.
    static let waitTimeoutHelp = ArgumentHelp(
        "With --wait: stop waiting after this long (90s, 10m, 2h; a bare number is seconds) and exit \(waitTimedOutStatus); the job goes on. Default: wait until it ends.",
        valueName: "duration")

    /// What `submit --wait` and `job status --wait` say about their exit status in `--help`.
    static let exitStatusHelp = """
        Exit status with --wait: 0 when the job completed and every task succeeded; \
        \(tasksFailedStatus) when it ended but some tasks did not succeed (given up, or the guest \
        failed), each named with why on standard error; \(jobStoppedStatus) when it was cancelled or \
        expired; \(waitTimedOutStatus) when --wait-timeout passed first (the job goes on); 1 when \
        the coordinator refused a request or cannot be reached; 2 when a file cannot be read or \
        written; 64 for bad options.
        """

    /// The most failed tasks listed one by one; the rest are counted.
    static let listedFailures = 10

    /// Waits until the job ends, showing progress, or until `timeout` passes, which exits with
    /// ``waitTimedOutStatus``.
    static func wait(for id: JobID, tasks: Int, client: GridClient, timeout: Duration? = nil) async throws -> JobSummary {
        var bar = ProgressBar(total: tasks, label: "tasks")
        var lastReason: String?
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            let summary = try await client.job(id, wait: .milliseconds(250))
            bar.update(summary.tasksFinished)
            if summary.state.isTerminal {
                bar.finish()
                return summary
            }
            // Why the job waits, each time that changes: a wait should never look like a hang.
            if summary.waitingReason != lastReason, let reason = summary.waitingReason {
                FileHandle.standardError.write(Data("waiting: \(reason)\n".utf8))
            }
            lastReason = summary.waitingReason
            if let deadline, let timeout, ContinuousClock.now >= deadline {
                bar.finish()
                FileHandle.standardError.write(Data(
                    "stopped waiting after \(LimitText.duration(UInt64(timeout.inSeconds * 1000))): job \(id) is \(summary.state.rawValue), \(summary.tasksFinished)/\(summary.taskCount) tasks finished; it goes on ('idlegrid job status \(id) --wait' to wait again)\n".utf8))
                throw ExitCode(waitTimedOutStatus)
            }
        }
    }

    /// `--wait-timeout`'s value as a duration.
    static func waitTimeout(_ text: String?) throws -> Duration? {
        guard let text else { return nil }
        // As long as the longest deadline a job may have, 30 days.
        return .milliseconds(Int64(try LimitText.milliseconds(text, flag: "--wait-timeout", allowed: 1...2_592_000_000)))
    }

    static func writeOutputs(of id: JobID, to directory: String, client: GridClient) async throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIFailure("cannot create the directory \(directory)")
        }
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

    /// For a job that ended: says on standard error why it did not succeed, if it did not, and
    /// throws the exit status that says how (``tasksFailedStatus``, ``jobStoppedStatus``).
    static func requireSuccess(of job: JobSummary, client: GridClient) async throws {
        guard let status = exitStatus(of: job) else { return }
        let results = try await client.results(of: job.id)
        FileHandle.standardError.write(Data(failureReport(job, results).map { $0 + "\n" }.joined().utf8))
        throw ExitCode(status)
    }

    /// The exit status for a job that ended, or nil when it completed with every task succeeded.
    static func exitStatus(of job: JobSummary) -> Int32? {
        guard job.state.isTerminal else { return nil }
        return switch job.state {
        case .completed where job.tasksSucceeded == job.taskCount: nil
        case .cancelled, .expired: jobStoppedStatus
        default: tasksFailedStatus
        }
    }

    /// Lines saying how the job ended and why each task that did not succeed did not: given up
    /// (the coordinator's reason) or what ended the guest's run, with the first line of its stderr.
    static func failureReport(_ job: JobSummary, _ results: JobResults) -> [String] {
        let unfinished = job.taskCount - job.tasksFinished
        var lines: [String]
        switch job.state {
        case .cancelled:
            lines = ["job \(job.id) was cancelled with \(unfinished) of \(job.taskCount) tasks unfinished"]
        case .expired:
            lines = ["job \(job.id) expired: its deadline passed with \(unfinished) of \(job.taskCount) tasks unfinished"]
        case .failed:
            lines = ["job \(job.id) failed: \(results.givenUp.count) of \(job.taskCount) tasks were given up"]
        default:
            lines = ["job \(job.id) \(job.state.rawValue), but \(job.taskCount - job.tasksSucceeded) of \(job.taskCount) tasks did not succeed"]
        }
        var failures: [(index: Int, why: String)] = results.givenUp.map { (index: $0.index, why: "given up: \($0.reason)") }
        for result in results.results where !result.succeeded {
            let stderr = String(validating: result.stderr, as: UTF8.self)?
                .split(separator: "\n", omittingEmptySubsequences: true).first.map { String($0.prefix(200)) }
            failures.append((index: result.index, why: result.termination + (stderr.map { ": \($0)" } ?? "")))
        }
        failures.sort { $0.index < $1.index }
        for failure in failures.prefix(listedFailures) {
            lines.append("  task \(failure.index): \(failure.why)")
        }
        if failures.count > listedFailures {
            lines.append("  … and \(failures.count - listedFailures) more")
        }
        return lines
    }
}
