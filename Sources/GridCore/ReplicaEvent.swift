/// Something that happens to a task replica; see ``ReplicaState/applying(_:)``.
public enum ReplicaEvent: Sendable, Hashable, CaseIterable {
    /// The broker sent the replica to a worker.
    case assign
    /// The worker acknowledged the assignment.
    case acknowledge
    /// The worker reported a result.
    case report
    /// Verification judged the reported result.
    case judge(valid: Bool)
    /// The acknowledgement timed out or the worker disconnected.
    case lose
    /// The replica's deadline passed.
    case timeOut
    /// The worker hit an error of its own (not the guest's).
    case fail
    /// The task no longer needs the replica.
    case cancel

    /// Every event, with each payload value, so tables can be checked exhaustively.
    public static let allCases: [ReplicaEvent] = [
        .assign, .acknowledge, .report, .judge(valid: true), .judge(valid: false), .lose, .timeOut, .fail, .cancel,
    ]

    /// The event's name in messages, without its payload.
    public var name: String {
        switch self {
        case .assign: "assign"
        case .acknowledge: "acknowledge"
        case .report: "report"
        case .judge: "judge"
        case .lose: "lose"
        case .timeOut: "timeOut"
        case .fail: "fail"
        case .cancel: "cancel"
        }
    }
}
