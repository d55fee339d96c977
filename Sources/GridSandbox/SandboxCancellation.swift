import Synchronization

/// Stops a run from another thread: what a worker uses when its coordinator cancels a replica.
///
/// Cancelling drains the run's fuel the way the wall-clock watchdog does, so even a guest in a
/// tight loop stops within a millisecond or so; the outcome's termination is ``Termination/cancelled``.
/// A token cancelled before the run starts stops it at once. One token serves one run.
public final class SandboxCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, watch: FuelWatchdog.Watch?)>((false, nil))

    /// Creates a token.
    public init() {}

    /// Stops the run (now, or as soon as it starts).
    public func cancel() {
        let watch = state.withLock { state -> FuelWatchdog.Watch? in
            state.cancelled = true
            return state.watch
        }
        if let watch { FuelWatchdog.shared.expire(watch) }
    }

    /// Whether ``cancel()`` was called.
    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Connects the token to a run's watch; a token already cancelled expires it at once.
    func attach(_ watch: FuelWatchdog.Watch) {
        let cancelled = state.withLock { state -> Bool in
            state.watch = watch
            return state.cancelled
        }
        if cancelled { FuelWatchdog.shared.expire(watch) }
    }
}
