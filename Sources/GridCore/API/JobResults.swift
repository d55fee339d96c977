/// `GET /v1/jobs/{id}/results`: the job and every recorded task result, by index.
public struct JobResults: Sendable, Hashable, Codable {
    /// Where the job stands.
    public var job: JobSummary
    /// Recorded results so far, by task index.
    public var results: [TaskOutcome]

    /// Creates the answer.
    public init(job: JobSummary, results: [TaskOutcome]) {
        self.job = job
        self.results = results
    }
}
