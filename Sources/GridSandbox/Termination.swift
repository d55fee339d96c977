/// How a run ended.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// A command (`_start`) finished, by returning (status 0) or by calling `proc_exit`.
    case exited(code: Int32)
    /// A named export returned these integer values.
    case returned([Int64])
    /// The guest trapped (unreachable, out-of-bounds access, division by zero, stack exhausted…).
    case trapped(reason: String)
    /// The fuel, wall-clock or output limit stopped the run. (A refused memory growth does not
    /// stop a run by itself; see ``ExecutionOutcome/limitHit``.)
    case limitExceeded(LimitKind)
    /// The run was stopped through its ``SandboxCancellation``.
    case cancelled

    /// The ending in words, e.g. "exited with status 3" or "stopped: fuel limit exceeded".
    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .returned(let values): "returned [\(values.map(String.init).joined(separator: ", "))]"
        case .trapped(let reason): "trapped: \(reason)"
        case .limitExceeded(let kind): "stopped: \(kind) limit exceeded"
        case .cancelled: "cancelled"
        }
    }
}
