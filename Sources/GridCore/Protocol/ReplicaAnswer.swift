/// What one replica of a task answered, reduced to what every honest replica of the task must
/// report identically: verification compares replicas by this value.
///
/// The wall time is not part of it (it differs between machines), nor the replica id.
public struct ReplicaAnswer: Sendable, Hashable {
    /// How the run ended, e.g. `exited:0`.
    public var termination: String
    /// Whether the guest finished on its own terms.
    public var succeeded: Bool
    /// SHA-256 of the guest's stdout.
    public var outputHash: ContentHash
    /// SHA-256 of the guest's stderr.
    public var stderrHash: ContentHash
    /// Fuel the run consumed.
    public var fuelUsed: UInt64
    /// The largest linear memory the guest held.
    public var peakMemoryBytes: UInt64

    /// Creates an answer.
    public init(
        termination: String, succeeded: Bool, outputHash: ContentHash, stderrHash: ContentHash, fuelUsed: UInt64,
        peakMemoryBytes: UInt64
    ) {
        self.termination = termination
        self.succeeded = succeeded
        self.outputHash = outputHash
        self.stderrHash = stderrHash
        self.fuelUsed = fuelUsed
        self.peakMemoryBytes = peakMemoryBytes
    }
}
