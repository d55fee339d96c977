import Foundation
import GridCore
import GridWorker
import Logging
import ServiceLifecycle

/// The `idlegrid coordinator` executable in its own process, so a test can SIGKILL it.
struct CoordinatorProcess {
    let process: Process
    let port: Int

    static var executable: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("idlegrid")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("idlegrid")
    }

    /// Starts a coordinator and waits, on a thread of its own, for the line saying where it listens.
    static func start(database: String, port: Int, operatorKey: String) async throws -> CoordinatorProcess {
        try await OwnThread.run { try startBlocking(database: database, port: port, operatorKey: operatorKey) }
    }

    private static func startBlocking(database: String, port: Int, operatorKey: String) throws -> CoordinatorProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["coordinator", "--db", database, "--port", "\(port)"]
        // Secrets never go on argv.
        process.environment = ProcessInfo.processInfo.environment.merging(["IDLEGRID_OPERATOR_KEY": operatorKey]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer += chunk
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "listening on http://127.0.0.1:"),
               let end = text[range.upperBound...].firstIndex(of: "\n"),
               let bound = Int(text[range.upperBound..<end]) {
                return CoordinatorProcess(process: process, port: bound)
            }
        }
        process.terminate()
        throw TestFailure("the coordinator did not start: \(String(decoding: buffer, as: UTF8.self))")
    }

    /// SIGKILL: no shutdown, no flush, nothing.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, and wait for a clean exit.
    func terminate() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Workers in this process, dialing a coordinator in another.
struct ExternalWorkers {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(coordinator: URL, count: Int, directory: URL, credential: ProviderCredential) async throws {
        let agents = (0..<count).map { index in
            WorkerAgent(
                configuration: WorkerConfiguration(
                    coordinator: coordinator, slots: 1, keyPath: directory.appendingPathComponent("w\(index).key").path,
                    cacheDirectory: directory.appendingPathComponent("w\(index)").path, name: "w\(index)",
                    fuelPerSecond: 1_000_000_000, reconnectInitial: .milliseconds(50), reconnectMaximum: .milliseconds(300),
                    credential: credential),
                logger: TestNetwork.logger)
        }
        let group = ServiceGroup(configuration: .init(services: agents, logger: TestNetwork.logger))
        self.group = group
        self.task = Task { try await group.run() }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
