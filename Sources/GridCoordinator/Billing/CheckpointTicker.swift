import GridCore
import ServiceLifecycle

/// Signs a new checkpoint of the ledger once a second while rows arrive (C2SP tlog-checkpoint
/// in a signed note), so a reader's checkpoint is never more than a second behind the log, and
/// asking for one costs no signature; a log that did not grow is not signed again.
struct CheckpointTicker: Service {
    let ledger: LedgerLog
    let clock: any GridClock
    var interval: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // A checkpoint that cannot be signed fails the request that asks for it too, where it is reported.
                _ = try? ledger.checkpoint()
                try? await clock.sleep(for: interval)
            }
        }
    }
}
