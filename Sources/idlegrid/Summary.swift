import Foundation
import GridSandbox

/// The one-line human summary of an outcome.
enum Summary {
    static func line(for outcome: ExecutionOutcome) -> String {
        var parts = [outcome.termination.description]
        if let limit = outcome.limitHit, case .exited = outcome.termination {
            parts.append("after the \(limit) limit refused it")
        }
        parts.append("fuel \(grouped(outcome.fuelUsed))")
        parts.append(String(format: "%.3f ms", outcome.wallTime.inSeconds * 1000))
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
