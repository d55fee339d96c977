/// A job accepted by the API, with its tasks, to be stored in one piece.
public struct NewJob: Sendable, Hashable {
    /// The job.
    public var job: JobRecord
    /// Its tasks, `job.taskCount` of them.
    public var tasks: [TaskRecord]

    /// A new job.
    public init(job: JobRecord, tasks: [TaskRecord]) {
        self.job = job
        self.tasks = tasks
    }
}
