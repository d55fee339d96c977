import Foundation
import GridCore
import GridLedger
import GridStore
import Logging
import ServiceLifecycle

/// Closes settlement periods as they end (injected clock): once a period is over, the store posts
/// its payouts and stores its block in one transaction, the log takes the posting rows, and the
/// anchor, if there is one, is handed every block it does not have yet. A period closed already
/// is not closed again; a coordinator that was down over several periods closes the latest one,
/// which settles everything before it.
struct PeriodCloser: Service {
    let store: any GridStore
    let ledger: LedgerLog
    let schedule: SettlementSchedule
    let anchor: (any SettlementAnchor)?
    let clock: any GridClock
    let logger: Logger
    /// How often it looks at the clock.
    var interval: Duration = .seconds(1)

    func run() async throws {
        let last = try await store.settlementBlocks(from: 0, limit: .max).last?.period
        await cancelWhenGracefulShutdown {
            var closed = last
            while !Task.isCancelled {
                if let due = schedule.lastEndedPeriod(at: clock.now), closed.map({ due > $0 }) ?? true {
                    if await close(due) { closed = due }
                }
                await anchorNewBlocks()
                try? await clock.sleep(for: interval)
            }
        }
    }

    /// Closes `period`; false when the store failed (it is tried again on the next look).
    private func close(_ period: UInt64) async -> Bool {
        do {
            let settled = try await store.settlePeriod(PeriodSettlement(
                period: period, periodSeconds: schedule.periodSeconds, minimumPayout: schedule.minimumPayout, at: clock.now,
                signer: ledger.signer))
            ledger.append(settled.ledger)
            if let block = settled.block, !settled.ledger.isEmpty {
                logger.info("settled period \(period): block \(block.sequence), \(block.postings.count) postings over rows \(block.rows), hash \(block.hash.hex)")
            }
            return true
        } catch {
            logger.error("could not settle period \(period), trying again: \(error)")
            return false
        }
    }

    /// Hands the anchor the blocks after the last it has, in order.
    private func anchorNewBlocks() async {
        guard let anchor else { return }
        do {
            let next = try await anchor.latestAnchored().map { $0 + 1 } ?? 0
            for block in try await store.settlementBlocks(from: next, limit: 100) {
                try await anchor.anchor(block)
            }
        } catch {
            logger.error("could not anchor settlement blocks, trying again: \(error)")
        }
    }
}
