import GridCore
import ServiceLifecycle

/// Runs `tick` every `interval` on the injected clock until graceful shutdown: the broker's clock
/// (ten times a second it marks down silent workers, requeues overdue replicas and expires jobs)
/// and the ledger's checkpoints (once a second a grown log is signed again and kept in the store,
/// so a reader's checkpoint is never more than a second behind, asking for one costs no
/// signature, and the next start can check the rows against it).
struct ClockTicker: Service {
    let clock: any GridClock
    let interval: Duration
    let tick: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await clock.sleep(for: interval)
                await tick()
            }
        }
    }
}
