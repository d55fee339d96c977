import ArgumentParser
import Foundation
import GridSandbox

/// `idlegrid bench`: measures this machine's fuel per second per core.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure this machine's compute speed in fuel per second per core.",
        discussion: "This is the capacity score a worker reports to its coordinator."
    )

    @Option(help: "How many cores to run the reference workload on at once.")
    var cores: Int = 1

    @Option(help: "About how long each core runs, in seconds.")
    var seconds: Double = 1

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        let available = ProcessInfo.processInfo.activeProcessorCount
        guard (1...available).contains(cores) else {
            throw ValidationError("--cores must be between 1 and \(available) (the cores this machine has), not \(cores)")
        }
        guard seconds.isFinite, seconds >= 0.05, seconds <= 600 else {
            throw ValidationError("--seconds must be between 0.05 and 600, not \(seconds)")
        }
    }

    func run() throws {
        let result = try SelfBenchmark.run(
            sandbox: Sandbox(), cores: cores, duration: .milliseconds(Int64(seconds * 1000)))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("fuel per second per core: \(Summary.grouped(result.fuelPerSecondPerCore)) (\(String(format: "%.2e", Double(result.fuelPerSecondPerCore))))")
            print("cores measured: \(result.cores), fuel: \(Summary.grouped(result.fuel)), wall time: \(result.milliseconds) ms")
        }
    }
}
