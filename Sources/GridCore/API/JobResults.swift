/// `GET /v1/jobs/{id}/results`: the job, every recorded task result and every task given up, by
/// index. A finished job's tasks are each in exactly one of the two lists.
public struct JobResults: Sendable, Hashable, Codable {
    /// Where the job stands.
    public var job: JobSummary
    /// Recorded results so far, by task index.
    public var results: [TaskOutcome]
    /// Tasks given up so far, with the reason, by task index.
    public var givenUp: [GivenUpTask]

    /// Creates the answer.
    public init(job: JobSummary, results: [TaskOutcome], givenUp: [GivenUpTask] = []) {
        self.job = job
        self.results = results
        self.givenUp = givenUp
    }
}
