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
    let stdout: String
    let stdoutBase64: String
    let stderr: String

    init(_ outcome: ExecutionOutcome, moduleHash: ContentHash) {
        module = moduleHash.hex
        switch outcome.termination {
        case .exited(let code): (termination, exitCode, returned, trap) = ("exited", code, nil, nil)
        case .returned(let values): (termination, exitCode, returned, trap) = ("returned", nil, values, nil)
        case .trapped(let reason): (termination, exitCode, returned, trap) = ("trapped", nil, nil, reason)
        case .limitExceeded: (termination, exitCode, returned, trap) = ("limitExceeded", nil, nil, nil)
        }
        limitHit = outcome.limitHit?.rawValue
        fuelUsed = outcome.fuelUsed
        outputHash = outcome.outputHash.hex
        let (seconds, attoseconds) = outcome.wallTime.components
        wallTimeMicroseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        peakMemoryBytes = outcome.peakMemoryBytes
        stdout = String(decoding: outcome.stdout, as: UTF8.self)
        stdoutBase64 = Data(outcome.stdout).base64EncodedString()
        stderr = String(decoding: outcome.stderr, as: UTF8.self)
    }

    func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The one-line human summary of an outcome.
enum Summary {
    static func line(for outcome: ExecutionOutcome) -> String {
        var parts = [outcome.termination.description]
        if let limit = outcome.limitHit, case .exited = outcome.termination {
            parts.append("after the \(limit) limit refused it")
        }
        parts.append("fuel \(grouped(outcome.fuelUsed))")
        parts.append(String(format: "%.3f ms", Double(outcome.wallTime.components.attoseconds) / 1e15 + Double(outcome.wallTime.components.seconds) * 1000))
        parts.append("peak memory \(grouped(outcome.peakMemoryBytes / 1024)) KiB")
        parts.append("output \(outcome.stdout.count) B sha256 \(outcome.outputHash.hex.prefix(16))…")
        return parts.joined(separator: " · ")
    }

    static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
