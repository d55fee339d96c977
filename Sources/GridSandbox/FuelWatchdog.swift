import Foundation
import WasmKit

/// Ends runs that pass their wall-clock limit, by draining their fuel from another thread.
///
/// A compute-bound guest never calls the host, so nothing on its own thread can stop it; but the
/// interpreter charges fuel through a plain memory cell at every block, and setting that cell to
/// zero makes the very next charge trap. One shared thread serves every run: registering a run is a
/// dictionary insert under a lock, not a thread or a timer of its own, which keeps per-task
/// overhead low.
///
/// The write races with the interpreter's read-modify-write of the same cell, which can put the old
/// value back once. So an expired run is drained again every millisecond until it ends. The race
/// is deliberate and benign (an aligned 64-bit store; the worst case is one more millisecond of
/// running), but ThreadSanitizer will report it, and it leans on WasmKit 0.4.2 reading the budget
/// through `Store.fuel`'s cell at every charge: this file is the one place to revisit when the
/// engine changes.
final class FuelWatchdog: @unchecked Sendable {
    /// The process-wide watchdog.
    static let shared = FuelWatchdog()

    /// One registered run. Fields other than `store` are guarded by the watchdog's lock.
    final class Watch: @unchecked Sendable {
        fileprivate let store: Store
        fileprivate var deadline: ContinuousClock.Instant
        fileprivate var fired = false
        fileprivate var remainingWhenDrained: UInt64 = 0

        fileprivate init(store: Store, deadline: ContinuousClock.Instant) {
            self.store = store
            self.deadline = deadline
        }
    }

    /// What ``release(_:)`` reports about a run.
    struct Verdict {
        /// Whether the deadline passed and the fuel was drained.
        let fired: Bool
        /// The fuel left just before the first drain, when `fired`.
        let remainingWhenDrained: UInt64
    }

    private let condition = NSCondition()
    private var watches: [ObjectIdentifier: Watch] = [:]
    /// When the thread will next wake on its own, or nil while it sleeps with nothing to watch.
    private var wakeAt: ContinuousClock.Instant?
    private static let redrainInterval = Duration.milliseconds(1)
    private static let longestSleep = Duration.milliseconds(50)

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "idlegrid.fuel-watchdog"
        thread.start()
    }

    /// Starts watching `store` until `deadline`.
    func watch(_ store: Store, until deadline: ContinuousClock.Instant) -> Watch {
        let watch = Watch(store: store, deadline: deadline)
        condition.lock()
        watches[ObjectIdentifier(watch)] = watch
        // Wake the thread only if it would otherwise sleep past this deadline.
        if wakeAt.map({ deadline < $0 }) ?? true { condition.signal() }
        condition.unlock()
        return watch
    }

    /// Moves a run's deadline to now: it is drained at the watchdog's next turn.
    func expire(_ watch: Watch) {
        condition.lock()
        defer { condition.unlock() }
        guard watches[ObjectIdentifier(watch)] != nil else { return }
        watch.deadline = .now
        condition.signal()
    }

    /// Stops watching, and says whether the deadline was hit.
    @discardableResult
    func release(_ watch: Watch) -> Verdict {
        condition.lock()
        defer { condition.unlock() }
        watches[ObjectIdentifier(watch)] = nil
        return Verdict(fired: watch.fired, remainingWhenDrained: watch.remainingWhenDrained)
    }

    private func loop() {
        condition.lock()
        while true {
            let now = ContinuousClock.now
            var next: ContinuousClock.Instant?
            for watch in watches.values {
                if watch.deadline <= now {
                    if !watch.fired {
                        watch.fired = true
                        watch.remainingWhenDrained = watch.store.fuel?.remaining ?? 0
                    }
                    watch.store.fuel = Fuel(remaining: 0)
                    let redrain = now + Self.redrainInterval
                    next = min(next ?? redrain, redrain)
                } else {
                    next = min(next ?? watch.deadline, watch.deadline)
                }
            }
            // Never sleep more than 50 ms: `NSCondition` waits on the system clock, which can be
            // stepped, and a long sleep across a step backwards would let a run overstay.
            let cappedNext = next.map { min($0, now + Self.longestSleep) }
            wakeAt = cappedNext
            if let cappedNext {
                _ = condition.wait(until: Date(timeIntervalSinceNow: max(0, (cappedNext - now).inSeconds)))
            } else {
                condition.wait()
            }
        }
    }
}
