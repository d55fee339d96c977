import Foundation
import GridCore
import GridSandbox

/// The built guests in Guests/build, loaded into a sandbox for tests.
enum Guests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Guests/build")

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent("\(name).wasm")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MissingGuest(path: url.path)
        }
        return [UInt8](data)
    }

    struct MissingGuest: Error, CustomStringConvertible {
        let path: String
        var description: String { "no guest at \(path): run Guests/build.sh" }
    }
}

extension Sandbox {
    /// Runs a built guest as a command with these arguments.
    func run(
        guest name: String, _ arguments: [String] = [], stdin: [UInt8] = [], seed: UInt64 = 0,
        environment: [(key: String, value: String)] = [], limits: Limits = .standard
    ) throws -> ExecutionOutcome {
        try run(
            load(Guests.bytes(name)),
            Invocation(programName: name, arguments: arguments, environment: environment, stdin: stdin, seed: seed),
            limits: limits)
    }
}
