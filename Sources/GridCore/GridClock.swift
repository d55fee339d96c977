public import Foundation

/// Where the coordinator and the worker read the time, so tests can run deadlines and timeouts
/// without waiting for them.
public protocol GridClock: Sendable {
    /// The current instant.
    var now: Date { get }
    /// Waits for `duration` (or less, for a clock under test).
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: GridClock {
    /// Creates the real clock.
    public init() {}

    /// The current instant.
    public var now: Date { Date() }

    /// Sleeps for `duration` of real time.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
