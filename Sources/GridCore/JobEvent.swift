/// Something that happens to a job; see ``JobState/applying(_:)`` for what each one does.
public enum JobEvent: Sendable, Hashable, CaseIterable {
    /// A replica of one of the job's tasks started (sent for every task; repeats are fine).
    case taskStarted
    /// Every task reached a terminal state; `anyFailed` when at least one did not succeed.
    case allTasksFinished(anyFailed: Bool)
    /// The client cancelled the job.
    case cancel
    /// The job's deadline passed before it finished.
    case deadlinePassed

    /// Every event, with each payload value, so tables can be checked exhaustively.
    public static let allCases: [JobEvent] = [
        .taskStarted, .allTasksFinished(anyFailed: false), .allTasksFinished(anyFailed: true), .cancel, .deadlinePassed,
    ]

    /// The event's name in messages, without its payload.
    public var name: String {
        switch self {
        case .taskStarted: "taskStarted"
        case .allTasksFinished: "allTasksFinished"
        case .cancel: "cancel"
        case .deadlinePassed: "deadlinePassed"
        }
    }
}
