public import GridCore

/// Everything one run produced: how it ended, what it wrote, what it cost.
///
/// A limit being hit or the guest trapping is a normal outcome, reported here, never a crash.
/// For the same module, invocation and limits, on the same ``Sandbox/determinismClass``, every
/// field except ``wallTime`` is identical on every machine, unless the wall-clock limit ended the
/// run, which is a property of the machine. ``agrees(with:)`` compares exactly those fields.
public struct ExecutionOutcome: Sendable, Hashable {
    /// How the run ended.
    public var termination: Termination
    /// What the guest wrote to stdout (fd 1), up to the output limit.
    public var stdout: [UInt8]
    /// What the guest wrote to stderr (fd 2), up to the output limit.
    public var stderr: [UInt8]
    /// Fuel consumed, instantiation and host calls included. A run stopped by the fuel limit used
    /// its whole budget.
    public var fuelUsed: UInt64
    /// SHA-256 of ``stdout``: what replicas compare.
    public var outputHash: ContentHash
    /// Real time from instantiation to the end of the run.
    public var wallTime: Duration
    /// The largest linear memory the guest held, in bytes.
    public var peakMemoryBytes: UInt64
    /// Whether a `memory.grow` was refused because of the memory limit.
    public var memoryGrowthRefused: Bool

    /// True when the guest finished on its own terms: exit status 0 or a normal return.
    public var succeeded: Bool {
        switch termination {
        case .exited(let code): code == 0
        case .returned: true
        case .trapped, .limitExceeded, .cancelled: false
        }
    }

    /// The limit that ended the run, if one did.
    ///
    /// A guest that fails after a refused `memory.grow` (by trapping, or by exiting with an error
    /// status) was ended by the memory limit, though ``termination`` keeps what it actually did.
    public var limitHit: LimitKind? {
        if case .limitExceeded(let kind) = termination { return kind }
        return memoryGrowthRefused && !succeeded ? .memory : nil
    }

    /// Whether two runs produced the same result: every field but ``wallTime``.
    ///
    /// This is what replicas of a task must satisfy to count as agreeing.
    public func agrees(with other: ExecutionOutcome) -> Bool {
        termination == other.termination && stdout == other.stdout && stderr == other.stderr
            && fuelUsed == other.fuelUsed && outputHash == other.outputHash
            && peakMemoryBytes == other.peakMemoryBytes && memoryGrowthRefused == other.memoryGrowthRefused
    }
}
