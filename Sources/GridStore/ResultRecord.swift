public import Foundation
public import GridCore
public import GridLedger

/// The accepted result of one task. At most one is ever stored per task.
///
/// It is also the accepted replica's evidence (``evidence``): the store keeps that replica's
/// signed statement here, with the output bytes, and every other replica in its own
/// ``ReplicaRecord``.
public struct ResultRecord: Sendable, Hashable {
    /// The job of the task.
    public var job: JobID
    /// The task's index in its job.
    public var index: Int
    /// The replica whose result was accepted.
    public var replica: ReplicaID
    /// The worker that ran that replica.
    public var worker: WorkerID
    /// "exited:0", "returned:…", "trapped:…", "limit:fuel" and so on (``TaskTermination``).
    public var termination: String
    /// True when the guest finished on its own terms (status 0 or a normal return).
    public var succeeded: Bool
    /// What the guest wrote to standard output; empty when it is the blob ``outputHash``.
    public var output: Data
    /// What the guest wrote to standard error.
    public var stderr: Data
    /// The SHA-256 of `output`, as the worker signed it.
    public var outputHash: ContentHash
    /// Fuel the run consumed.
    public var fuelUsed: UInt64
    /// Wall-clock time of the run on the worker, in microseconds.
    public var wallMicroseconds: UInt64
    /// The guest's largest linear memory, in bytes.
    public var peakMemoryBytes: UInt64
    /// The worker's Ed25519 signature over the result statement, kept as evidence.
    public var signature: Data
    /// When the coordinator accepted the result (stored to the millisecond).
    public var recordedAt: Date
    /// The provider account the worker belongs to, when it is enrolled: who is owed for the run.
    public var provider: AccountID?
    /// Whether the coordinator checked the signature (checks are sampled).
    public var signatureChecked: Bool
    /// Set when the output is stored as the blob ``outputHash`` rather than inline: its size.
    public var outputBlobSize: Int?
    /// What the decision bills, written with the result in one transaction: a charge for the
    /// accepted replica and for each replica that agreed with it (empty for a job not billed).
    public var charges: [ReplicaCharge]

    /// A result record.
    public init(
        job: JobID, index: Int, replica: ReplicaID, worker: WorkerID, termination: String, succeeded: Bool,
        output: Data, stderr: Data, outputHash: ContentHash, fuelUsed: UInt64, wallMicroseconds: UInt64,
        peakMemoryBytes: UInt64, signature: Data, recordedAt: Date, provider: AccountID? = nil, signatureChecked: Bool = false,
        outputBlobSize: Int? = nil, charges: [ReplicaCharge] = []
    ) {
        self.job = job
        self.index = index
        self.replica = replica
        self.worker = worker
        self.termination = termination
        self.succeeded = succeeded
        self.output = output
        self.stderr = stderr
        self.outputHash = outputHash
        self.fuelUsed = fuelUsed
        self.wallMicroseconds = wallMicroseconds
        self.peakMemoryBytes = peakMemoryBytes
        self.signature = signature
        self.recordedAt = recordedAt
        self.provider = provider
        self.signatureChecked = signatureChecked
        self.outputBlobSize = outputBlobSize
        self.charges = charges
    }

    /// The accepted replica's evidence, as ``GridStore/replicas(job:)`` lists it.
    public var evidence: ReplicaRecord {
        ReplicaRecord(
            replica: replica, job: job, index: index, worker: worker, provider: provider, termination: termination,
            succeeded: succeeded, outputHash: outputHash, fuelUsed: fuelUsed, wallMicroseconds: wallMicroseconds,
            peakMemoryBytes: peakMemoryBytes, stderrHash: ContentHash(of: stderr), signature: signature,
            signatureChecked: signatureChecked, verdict: .accepted, recordedAt: recordedAt)
    }
}
