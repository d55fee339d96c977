public import Foundation

/// The real clock.
public struct SystemClock: GridClock {
    private let origin = ContinuousClock.now

    /// Creates the real clock.
    public init() {}

    /// Time since this clock was created, from the system's monotonic clock.
    public var monotonic: Duration { ContinuousClock.now - origin }

    /// The current instant.
    public var now: Date { Date() }

    /// Sleeps for `duration` of real time.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
