import Foundation
import GridCore
import GridSandbox

/// The JSON form of an ``ExecutionOutcome`` that `idlegrid run --json` prints.
struct OutcomeReport: Encodable {
    let module: String
    let termination: String
    let exitCode: Int32?
    let returned: [Int64]?
    let trap: String?
    let limitHit: String?
    let fuelUsed: UInt64
    let outputHash: String
    let wallTimeMicroseconds: Int64
    let peakMemoryBytes: UInt64
    /// The guest's stdout as text, or nil when it is not UTF-8 (then only the base64 form says it).
    let stdout: String?
    let stdoutBase64: String
    let stderr: String

    init(_ outcome: ExecutionOutcome, moduleHash: ContentHash) {
        module = moduleHash.hex
        switch outcome.termination {
        case .exited(let code): (termination, exitCode, returned, trap) = ("exited", code, nil, nil)
        case .returned(let values): (termination, exitCode, returned, trap) = ("returned", nil, values, nil)
        case .trapped(let reason): (termination, exitCode, returned, trap) = ("trapped", nil, nil, reason)
        case .limitExceeded: (termination, exitCode, returned, trap) = ("limitExceeded", nil, nil, nil)
        case .cancelled: (termination, exitCode, returned, trap) = ("cancelled", nil, nil, nil)
        }
        limitHit = outcome.limitHit?.rawValue
        fuelUsed = outcome.fuelUsed
        outputHash = outcome.outputHash.hex
        let (seconds, attoseconds) = outcome.wallTime.components
        wallTimeMicroseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        peakMemoryBytes = outcome.peakMemoryBytes
        stdout = String(validating: outcome.stdout, as: UTF8.self)
        stdoutBase64 = Data(outcome.stdout).base64EncodedString()
        stderr = String(decoding: outcome.stderr, as: UTF8.self)
    }

    func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
