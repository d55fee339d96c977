/// `GET /v1/jobs`: a page of the caller's jobs, newest first.
public struct JobList: Sendable, Hashable, Codable {
    /// This page.
    public var jobs: [JobSummary]
    /// Pass as `after` for the next page; nil on the last.
    public var next: JobID?

    /// Creates a page.
    public init(jobs: [JobSummary], next: JobID?) {
        self.jobs = jobs
        self.next = next
    }
}
