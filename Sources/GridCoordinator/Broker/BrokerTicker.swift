import GridCore
import ServiceLifecycle

/// Drives the broker's clock: ten times a second it marks down silent workers, requeues overdue
/// replicas and expires jobs past their deadline, until graceful shutdown.
struct BrokerTicker: Service {
    let broker: WorkBroker
    let clock: any GridClock
    var interval: Duration = .milliseconds(100)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await clock.sleep(for: interval)
                await broker.tick()
            }
        }
    }
}
