/// The limits a run can hit.
public enum LimitKind: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The fuel budget ran out.
    case fuel
    /// The guest needed more linear memory than allowed, and failed after growth was refused.
    case memory
    /// The run took longer than its wall-clock limit.
    case wallClock
    /// The guest wrote more to stdout or stderr than allowed.
    case output

    /// The limit's name in words, e.g. "wall-clock".
    public var description: String {
        switch self {
        case .fuel: "fuel"
        case .memory: "memory"
        case .wallClock: "wall-clock"
        case .output: "output"
        }
    }
}
