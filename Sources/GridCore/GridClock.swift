public import Foundation

/// Where the coordinator and the worker read the time, so tests can run deadlines and timeouts
/// without waiting for them.
public protocol GridClock: Sendable {
    /// The current instant.
    var now: Date { get }
    /// Time since a fixed origin that never jumps: timeouts are measured with it, so a step of
    /// the wall clock (NTP, a suspended VM) cannot mark every worker down at once.
    var monotonic: Duration { get }
    /// Waits for `duration` (or less, for a clock under test).
    func sleep(for duration: Duration) async throws
}
