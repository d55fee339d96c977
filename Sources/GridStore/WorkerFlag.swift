public import Foundation
public import GridCore

/// A worker caught lying, refused from then on.
public struct WorkerFlag: Sendable, Hashable {
    /// The worker.
    public var worker: WorkerID
    /// What it did, for people.
    public var reason: String
    /// When it was caught.
    public var flaggedAt: Date

    /// A flag.
    public init(worker: WorkerID, reason: String, flaggedAt: Date) {
        self.worker = worker
        self.reason = reason
        self.flaggedAt = flaggedAt
    }
}
