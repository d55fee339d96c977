package import GridCore

/// Why the worker endpoint does not admit a connection: what the worker is told in `refused`,
/// and whether it may retry.
package struct WorkerRefusal: Error, Equatable {
    /// For people, naming the problem and the fix.
    package let reason: String
    /// Final (stop) or transient (retry with backoff).
    package let kind: WorkerRefusalKind
}
