import GridCore
import ServiceLifecycle

/// Runs `tick` every `interval` on the injected clock until graceful shutdown: the broker's clock
/// (ten times a second it marks down silent workers, requeues overdue replicas and expires jobs).
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
