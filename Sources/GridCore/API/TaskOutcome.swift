public import Foundation

/// One task's recorded result, in `GET /v1/jobs/{id}/results`.
public struct TaskOutcome: Sendable, Hashable, Codable {
    /// The task's index in its job.
    public var index: Int
    /// How the guest's run ended (`exited:0`, `trapped:…`, `limit:fuel`, …).
    public var termination: String
    /// Whether the guest finished on its own terms.
    public var succeeded: Bool
    /// The guest's stdout (base64 in JSON); empty when it is a blob (``outputBlobSize``).
    public var output: Data
    /// The guest's stderr (base64 in JSON).
    public var stderr: Data
    /// SHA-256 of the output.
    public var outputHash: ContentHash
    /// Fuel the run consumed.
    public var fuelUsed: UInt64
    /// The worker whose result was accepted.
    public var worker: WorkerID
    /// Set when the output is too large to travel inline: its size, the bytes being the blob
    /// ``outputHash`` (`GET /v1/blobs/{outputHash}`). `GridClient.results(of:)` fetches them.
    public var outputBlobSize: Int?

    /// Creates a task outcome.
    public init(
        index: Int, termination: String, succeeded: Bool, output: Data, stderr: Data, outputHash: ContentHash, fuelUsed: UInt64, worker: WorkerID,
        outputBlobSize: Int? = nil
    ) {
        self.index = index
        self.termination = termination
        self.succeeded = succeeded
        self.output = output
        self.stderr = stderr
        self.outputHash = outputHash
        self.fuelUsed = fuelUsed
        self.worker = worker
        self.outputBlobSize = outputBlobSize
    }
}
