import GridCore

/// A task, by job and index.
struct TaskKey: Hashable, Sendable {
    let job: JobID
    let index: Int
}
