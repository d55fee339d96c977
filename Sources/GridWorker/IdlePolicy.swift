import Foundation

/// When a worker may run, after BOINC's defaults: only while other programs leave the CPU mostly
/// idle, and only within allowed hours.
public struct IdlePolicy: Sendable, Hashable {
    /// Pause while other processes use more than this percentage of the machine's CPU (nil: never).
    public var maxOtherCPUPercent: Int?
    /// Run only in these local hours, `start..<end`, wrapping past midnight (`22-7`); nil: always.
    public var hours: (start: Int, end: Int)?

    /// Creates a policy.
    public init(maxOtherCPUPercent: Int? = nil, hours: (start: Int, end: Int)? = nil) {
        self.maxOtherCPUPercent = maxOtherCPUPercent
        self.hours = hours
    }

    /// Parses `H-H` (0...24 each, e.g. `22-7`).
    public static func parseHours(_ text: String) -> (start: Int, end: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]),
              (0...24).contains(start), (0...24).contains(end), start != end
        else { return nil }
        return (start, end)
    }

    /// Why the worker must pause now, or nil if it may run.
    ///
    /// - Parameters:
    ///   - otherCPUPercent: CPU used by other processes over the last sample, 0...100.
    ///   - hour: the local hour now, 0...23.
    public func pauseReason(otherCPUPercent: Int, hour: Int) -> String? {
        if let (start, end) = hours {
            let inside = start < end ? (start..<end).contains(hour) : (hour >= start || hour < end)
            if !inside { return "outside the allowed hours \(start)-\(end)" }
        }
        if let limit = maxOtherCPUPercent, otherCPUPercent > limit {
            return "other programs use \(otherCPUPercent)% of the CPU (limit \(limit)%)"
        }
        return nil
    }

    public static func == (lhs: IdlePolicy, rhs: IdlePolicy) -> Bool {
        lhs.maxOtherCPUPercent == rhs.maxOtherCPUPercent && lhs.hours?.start == rhs.hours?.start && lhs.hours?.end == rhs.hours?.end
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(maxOtherCPUPercent)
        hasher.combine(hours?.start)
        hasher.combine(hours?.end)
    }
}
