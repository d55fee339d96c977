import ArgumentParser
import Foundation
import GridCore

/// `idlegrid job status|results|cancel|list|quote`.
struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job", abstract: "Inspect, cancel and price jobs.",
        subcommands: [Status.self, Results.self, Cancel.self, List.self, Quote.self])

    struct Quote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Price a job before submitting it: its cap per fuel and the most it can cost (held in escrow).",
            discussion: """
                Takes the same job options as 'submit'. Nothing is stored or held; a module given as a file is uploaded. \
                Exit status: 0 when the job would be accepted now (the balance covers it, and its cap is not what keeps it \
                from running; it may still queue until enough workers are online, said on standard error); \
                \(Quote.wouldBeRefusedStatus) when it would be refused, with why on standard error; 1 when the coordinator \
                refused the request or cannot be reached; 64 for bad options.
                """)
        /// Exit status when the job, submitted now, would be refused or left waiting.
        static let wouldBeRefusedStatus: Int32 = 3
        @OptionGroup var job: JobOptions
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let quote = try await client.quote(try await job.submission(client: client))
                if json {
                    try printJSON(quote)
                } else {
                    printTable(quote)
                }
                if !quote.affordable {
                    FileHandle.standardError.write(Data("not enough balance: the job holds \(quote.maximumCost) and \(quote.available) is available\n".utf8))
                }
                let replicas = "\(job.replicas) \(job.replicas == 1 ? "replica" : "replicas")"
                if quote.refusedForPrice {
                    FileHandle.standardError.write(Data("too few online workers fit the cap for \(replicas): submit is refused unless --wait-for-price; raise --max-price\n".utf8))
                } else if !quote.fits {
                    FileHandle.standardError.write(Data("too few workers are online for \(replicas) on distinct workers: the job would queue until enough are\n".utf8))
                }
                if !quote.affordable || quote.refusedForPrice { throw ExitCode(Self.wouldBeRefusedStatus) }
            }
        }

        private func printTable(_ quote: JobQuote) {
            print("price cap      \(quote.pricePerFuel)")
            print("maximum cost   \(quote.maximumCost)  (held in escrow when submitted)")
            print("base fee       \(quote.baseFee) (burned)")
            print("cheapest       \(quote.cheapestPrice.map { "\($0)" } ?? "no worker online that can run it")")
            print("available      \(quote.available)  (\(quote.affordable ? "enough" : "NOT enough: deposit more or ask for less"))")
            let workers = "\(quote.workersUnderCap) online \(quote.workersUnderCap == 1 ? "worker" : "workers")"
            let replicas = "\(job.replicas) \(job.replicas == 1 ? "replica" : "replicas")"
            let verdict = quote.fits ? "enough for \(replicas)"
                : quote.refusedForPrice ? "NOT enough for \(replicas): submit is refused unless --wait-for-price; raise --max-price"
                : "NOT enough for \(replicas) yet: it would queue until enough workers are online"
            print("under the cap  \(workers)  (\(verdict))")
        }
    }

    static func parse(_ text: String) throws -> JobID {
        guard let id = JobID(text) else { throw ValidationError("'\(text)' is not a job id") }
        return id
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where a job stands.",
            discussion: "Without --wait the exit status is 0 whatever the job's state. \(JobWatcher.exitStatusHelp)")
        @Argument(help: "The job id.") var id: String
        @Flag(help: "Wait for the job to finish, with a progress bar.") var wait = false
        @Option(help: JobWatcher.waitTimeoutHelp) var waitTimeout: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func validate() throws {
            if waitTimeout != nil, !wait { throw ValidationError("--wait-timeout needs --wait") }
            _ = try JobWatcher.waitTimeout(waitTimeout)
        }

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                var job = try await client.job(try JobCommand.parse(id))
                if wait, !job.state.isTerminal {
                    job = try await JobWatcher.wait(
                        for: job.id, tasks: job.taskCount, client: client, timeout: try JobWatcher.waitTimeout(waitTimeout))
                }
                if json { try printJSON(job) } else { JobWatcher.printSummary(job) }
                if wait { try await JobWatcher.requireSuccess(of: job, client: client) }
            }
        }
    }

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a job's results, or write them to files.",
            discussion: "One line per task, by index: its ending, fuel and output; 'given up' and the coordinator's reason; 'pending' while it waits or runs; or 'not run' when the job was cancelled or expired first.")
        @Argument(help: "The job id.") var id: String
        @Option(help: "Write each task's output to DIR/<index>.out.") var output: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let id = try JobCommand.parse(id)
                if let output {
                    try await JobWatcher.writeOutputs(of: id, to: output, client: client)
                    return
                }
                let results = try await client.results(of: id)
                if json { try printJSON(results); return }
                // One line per task in index order: its result, or why it was given up.
                var lines: [(index: Int, text: String)] = results.results.map { result in
                    let text = String(validating: result.output, as: UTF8.self).map { $0.count > 60 ? String($0.prefix(60)) + "…" : $0 }
                    return (index: result.index, text: "\(result.index)\t\(result.termination)\tfuel \(result.fuelUsed)\t\(text?.trimmingCharacters(in: .newlines) ?? "\(result.output.count) bytes")")
                }
                lines += results.givenUp.map { (index: $0.index, text: "\($0.index)\tgiven up\t\($0.reason)") }
                // Every other task: not run yet, or never (the job was cancelled or expired first).
                let told = Set(lines.map(\.index))
                let missing = results.job.state.isTerminal ? "not run\tthe job \(results.job.state.rawValue) first" : "pending"
                lines += (0..<results.job.taskCount).filter { !told.contains($0) }.map { (index: $0, text: "\($0)\t\(missing)") }
                for line in lines.sorted(by: { $0.index < $1.index }) { print(line.text) }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a job.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingFailures {
                JobWatcher.printSummary(try await options.client().cancel(try JobCommand.parse(id)))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your jobs, newest first.")
        @Option(help: "Start after this job id (from the previous page).") var after: String?
        @Option(help: "How many (1...500).") var limit = 50

        func validate() throws {
            guard (1...500).contains(limit) else { throw ValidationError("--limit must be between 1 and 500, not \(limit)") }
        }
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingFailures {
                let page = try await options.client().jobs(after: try after.map(JobCommand.parse), limit: limit)
                if json { try printJSON(page); return }
                for job in page.jobs { JobWatcher.printSummary(job) }
                if let next = page.next { print("more: --after \(next)") }
            }
        }
    }
}
