public import Foundation
public import GridCore

/// One replica's result kept as evidence, whatever verification made of it: accepted, agreeing,
/// dissenting, late or forged. The output bytes are not repeated here (the accepted one is in
/// the task's ``ResultRecord``); their hash is, under the worker's signature.
public struct ReplicaRecord: Sendable, Hashable, Codable {
    /// The replica.
    public var replica: ReplicaID
    /// The job of its task.
    public var job: JobID
    /// The task's index in its job.
    public var index: Int
    /// The worker that ran it.
    public var worker: WorkerID
    /// The provider account the worker belongs to, when it is enrolled.
    public var provider: AccountID?
    /// "exited:0", "limit:fuel" and so on, as signed.
    public var termination: String
    /// Whether the guest finished on its own terms, as signed.
    public var succeeded: Bool
    /// The SHA-256 of its output, as signed.
    public var outputHash: ContentHash
    /// Fuel it reported, as signed.
    public var fuelUsed: UInt64
    /// Wall time it reported, in microseconds (not signed).
    public var wallMicroseconds: UInt64
    /// Its largest linear memory, as signed.
    public var peakMemoryBytes: UInt64
    /// The SHA-256 of its stderr, as signed.
    public var stderrHash: ContentHash
    /// The worker's Ed25519 signature over the result statement.
    public var signature: Data
    /// Whether the coordinator checked that signature (checks are sampled; a result used against
    /// its worker is always checked).
    public var signatureChecked: Bool
    /// What verification made of it.
    public var verdict: ReplicaVerdict
    /// When the coordinator judged it (stored to the millisecond).
    public var recordedAt: Date

    /// A replica record.
    public init(
        replica: ReplicaID, job: JobID, index: Int, worker: WorkerID, provider: AccountID?, termination: String,
        succeeded: Bool, outputHash: ContentHash, fuelUsed: UInt64, wallMicroseconds: UInt64, peakMemoryBytes: UInt64,
        stderrHash: ContentHash, signature: Data, signatureChecked: Bool, verdict: ReplicaVerdict, recordedAt: Date
    ) {
        self.replica = replica
        self.job = job
        self.index = index
        self.worker = worker
        self.provider = provider
        self.termination = termination
        self.succeeded = succeeded
        self.outputHash = outputHash
        self.fuelUsed = fuelUsed
        self.wallMicroseconds = wallMicroseconds
        self.peakMemoryBytes = peakMemoryBytes
        self.stderrHash = stderrHash
        self.signature = signature
        self.signatureChecked = signatureChecked
        self.verdict = verdict
        self.recordedAt = recordedAt
    }
}
