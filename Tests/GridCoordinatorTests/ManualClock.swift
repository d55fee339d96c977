import Foundation
import GridCore
import Synchronization

/// A clock that moves only when a test says so: both its wall time and its monotonic time.
/// Sleeps return at once, so a broker's ticker or a long poll never waits on it.
final class ManualClock: GridClock {
    private let state = Mutex<(now: Date, monotonic: Duration)>((Date(timeIntervalSince1970: 1_800_000_000), .zero))

    var now: Date { state.withLock { $0.now } }
    var monotonic: Duration { state.withLock { $0.monotonic } }

    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: .milliseconds(1))
    }

    /// Moves both clocks forward.
    func advance(by duration: Duration) {
        state.withLock { state in
            state.now = state.now.addingTimeInterval(duration.inSeconds)
            state.monotonic += duration
        }
    }

    /// Steps the wall clock alone, as NTP or a resumed VM does; the monotonic clock stays.
    func stepWallClock(by seconds: TimeInterval) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }
}
