package import GridCore

/// A task, by job and index.
package struct TaskKey: Hashable, Sendable {
    /// The memberwise initializer, spelled out so the package's tests can reach it.
    package init(job: JobID, index: Int) {
        self.job = job
        self.index = index
    }

    package let job: JobID
    package let index: Int
}
