public import GridCore

/// The coordinator refused this worker for good, so the agent stopped instead of reconnecting:
/// its device key is flagged, its credential does not enroll it, or its sandbox or protocol is
/// not the coordinator's.
public struct WorkerRefusedError: Error, Equatable, CustomStringConvertible {
    /// The coordinator's reason, naming the problem and the fix.
    public let reason: String
    /// Which kind of final refusal it was.
    public let kind: WorkerRefusalKind

    /// Creates the error.
    public init(reason: String, kind: WorkerRefusalKind) {
        self.reason = reason
        self.kind = kind
    }

    /// What to tell people.
    public var description: String {
        switch kind {
        case .flagged: "the coordinator refused this device key for good (flagged): \(reason)"
        case .credential: "the coordinator refused this worker's enrollment: \(reason)"
        case .incompatible: "this worker cannot work for this coordinator: \(reason)"
        case .invalid, .transient: "the coordinator refused this worker: \(reason)"
        }
    }
}
