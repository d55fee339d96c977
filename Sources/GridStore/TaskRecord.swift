public import Foundation
public import GridCore

/// One task of a job: its input, by index.
public struct TaskRecord: Sendable, Hashable, Codable {
    /// The job the task belongs to.
    public var job: JobID
    /// The task's position in its job, from 0.
    public var index: Int
    /// The bytes the guest reads from standard input, when they travel inline.
    public var stdin: Data
    /// The guest's standard input when it is a blob (then ``stdin`` is empty): workers fetch it.
    public var stdinBlob: BlobReference?
    /// The guest's command-line arguments.
    public var arguments: [String]
    /// The seed of the guest's `random_get`, all 64 bits.
    public var seed: UInt64

    /// A task record.
    public init(job: JobID, index: Int, stdin: Data, stdinBlob: BlobReference? = nil, arguments: [String], seed: UInt64) {
        self.job = job
        self.index = index
        self.stdin = stdin
        self.stdinBlob = stdinBlob
        self.arguments = arguments
        self.seed = seed
    }
}
