import Foundation

/// Measures how much CPU other processes use, from `/proc/stat` and `/proc/self/stat`.
///
/// The machine's busy time minus this process's own CPU time, over the interval between two
/// samples, as a share of all CPU time: the worker's own guests must not make it pause itself.
struct CPUSampler {
    private var last: (total: UInt64, busy: UInt64, own: UInt64)?

    /// Percent of the CPU other processes used since the previous call (0 on the first).
    mutating func otherPercent() -> Int {
        guard let now = Self.read() else { return 0 }
        defer { last = now }
        guard let last, now.total > last.total else { return 0 }
        let total = now.total - last.total
        let busy = now.busy &- last.busy
        let own = now.own &- last.own
        let others = busy > own ? busy - own : 0
        return Int(min(100, others * 100 / total))
    }

    /// Parses the two files; all figures in clock ticks.
    static func read() -> (total: UInt64, busy: UInt64, own: UInt64)? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 4 else { return nil }
        let total = fields.reduce(0, +)
        // idle and iowait are the 4th and 5th fields.
        let idle = fields[3] + (fields.count > 4 ? fields[4] : 0)
        guard let selfStat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = selfStat.lastIndex(of: ")")
        else { return nil }
        // After the command name in parentheses: utime and stime are the 12th and 13th fields.
        let after = selfStat[selfStat.index(after: close)...].split(separator: " ")
        guard after.count > 12, let user = UInt64(after[11]), let system = UInt64(after[12]) else { return nil }
        return (total, total - idle, user + system)
    }
}
