public import GridCore

/// Everything one run produced: how it ended, what it wrote, what it cost.
///
/// A limit being hit or the guest trapping is a normal outcome, reported here, never a crash.
/// For the same module, invocation and limits, every field except ``wallTime`` is identical on
/// every machine (unless the wall-clock limit ended the run, which is inherently a property of
/// the machine).
public struct ExecutionOutcome: Sendable, Hashable {
    /// How the run ended.
    public var termination: Termination
    /// What the guest wrote to stdout (fd 1), up to the output limit.
    public var stdout: [UInt8]
    /// What the guest wrote to stderr (fd 2), up to the output limit.
    public var stderr: [UInt8]
    /// Fuel consumed, instantiation included. A run stopped by the fuel limit used its whole budget.
    public var fuelUsed: UInt64
    /// SHA-256 of ``stdout``: what replicas compare.
    public var outputHash: ContentHash
    /// Real time from instantiation to the end of the run.
    public var wallTime: Duration
    /// The largest linear memory the guest held, in bytes.
    public var peakMemoryBytes: UInt64
    /// Whether a `memory.grow` was refused because of the memory limit.
    public var memoryGrowthRefused: Bool

    /// The limit that ended the run, if one did.
    ///
    /// A guest that handles a refused `memory.grow` by exiting with an error status was ended by the
    /// memory limit too, even though it did not trap.
    public var limitHit: LimitKind? {
        if case .limitExceeded(let kind) = termination { return kind }
        return memoryGrowthRefused && !succeeded ? .memory : nil
    }

    /// True when the guest finished on its own terms: exit status 0 or a normal return.
    public var succeeded: Bool {
        switch termination {
        case .exited(let code): code == 0
        case .returned: true
        case .trapped, .limitExceeded: false
        }
    }
}

/// How a run ended.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// A command (`_start`) finished, by returning (status 0) or by calling `proc_exit`.
    case exited(code: Int32)
    /// A named export returned these integer values.
    case returned([Int64])
    /// The guest trapped (unreachable, out-of-bounds access, division by zero, stack exhausted…).
    case trapped(reason: String)
    /// A limit ended the run.
    case limitExceeded(LimitKind)

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .returned(let values): "returned [\(values.map(String.init).joined(separator: ", "))]"
        case .trapped(let reason): "trapped: \(reason)"
        case .limitExceeded(let kind): "stopped: \(kind) limit exceeded"
        }
    }
}

/// The limits a run can hit.
public enum LimitKind: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The fuel budget ran out.
    case fuel
    /// The guest needed more linear memory than allowed and trapped after growth was refused.
    case memory
    /// The run took longer than its wall-clock limit.
    case wallClock
    /// The guest wrote more to stdout or stderr than allowed.
    case output

    public var description: String {
        switch self {
        case .fuel: "fuel"
        case .memory: "memory"
        case .wallClock: "wall-clock"
        case .output: "output"
        }
    }
}
