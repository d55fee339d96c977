import Foundation
import Synchronization

/// A long-running `idlegrid` (a coordinator or a worker) in the background, its output collected
/// as it comes, stopped with SIGTERM.
final class BackgroundCLI: Sendable {
    private let process: Process
    private let output = Mutex("")

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil  // end of output
                return
            }
            self?.output.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// Everything printed so far (stdout and stderr).
    var printed: String { output.withLock { $0 } }

    /// Waits until the output has a line matching `pattern`; returns the pattern's first capture.
    func waitForLine(matching pattern: String, timeout: Duration = .seconds(60)) async throws -> String {
        let regex = try Regex(pattern)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for line in printed.split(separator: "\n") {
                if let match = try regex.firstMatch(in: String(line)) {
                    return match.output.count > 1 ? String(match.output[1].substring ?? "") : String(line)
                }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BackgroundFailure("no line matching \(pattern) in:\n\(printed)")
    }

    /// Waits until the process exits on its own (within `timeout`, else an error); returns its status.
    func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw BackgroundFailure("still running after \(timeout):\n\(printed)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGTERM, then waits for the exit; returns the status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

struct BackgroundFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
