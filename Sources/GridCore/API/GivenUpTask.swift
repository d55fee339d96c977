public import Foundation

/// A task the coordinator gave up, in `GET /v1/jobs/{id}/results`: it has no result, and this
/// says why (its replicas were lost on too many workers, its quorum never agreed, the
/// wall-clock limit stopped it twice).
public struct GivenUpTask: Sendable, Hashable, Codable {
    /// The task's index in its job.
    public var index: Int
    /// Why it was given up, for people.
    public var reason: String
    /// When it was given up.
    public var givenUpAt: Date

    /// Creates a given-up task.
    public init(index: Int, reason: String, givenUpAt: Date) {
        self.index = index
        self.reason = reason
        self.givenUpAt = givenUpAt
    }
}
