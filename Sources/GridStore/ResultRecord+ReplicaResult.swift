public import Foundation
public import GridCore
public import GridLedger

extension ResultRecord {
    /// The record of a worker's signed result, accepted for task `index` of `job`; `provider`
    /// owns the worker, and `signatureChecked` says whether its signature was verified.
    public init(
        job: JobID, index: Int, worker: WorkerID, provider: AccountID?, result: ReplicaResult, signatureChecked: Bool,
        recordedAt: Date, charges: [ReplicaCharge] = []
    ) {
        self.init(
            job: job, index: index, replica: result.replica, worker: worker, termination: result.termination,
            succeeded: result.succeeded, output: result.output, stderr: result.stderr, outputHash: result.outputHash,
            fuelUsed: result.fuelUsed, wallMicroseconds: result.wallMicroseconds, peakMemoryBytes: result.peakMemoryBytes,
            signature: result.signature, recordedAt: recordedAt, provider: provider,
            signatureChecked: signatureChecked, outputBlobSize: result.outputBlobSize, charges: charges)
    }
}
