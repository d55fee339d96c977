import Foundation
import Synchronization

/// Runs the built `idlegrid` executable and collects what it printed.
struct CLIProcess {
    struct Result {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The repository root, found from this file's path.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func guest(_ name: String) -> String {
        repository.appendingPathComponent("Guests/build/\(name).wasm").path
    }

    /// The `idlegrid` binary next to the test bundle (SwiftPM puts all products in one folder).
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("idlegrid")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("idlegrid")
    }()

    /// Runs it to the end on a thread of its own: the waits below block, and on the cooperative
    /// pool (two threads on two cores) two of them would stall every other test, and the
    /// coordinator the command is talking to, until they return.
    static func run(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, stdin: stdin, environment: environment) })
            }.start()
        }
    }

    private static func runBlocking(_ arguments: [String], stdin: [UInt8], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot stall the child.
        let errorData = Mutex<Data>(Data())
        let errorRead = DispatchSemaphore(value: 0)
        Thread {
            errorData.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() }
            errorRead.signal()
        }.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: [UInt8](outputData),
            stderr: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
    }
}
