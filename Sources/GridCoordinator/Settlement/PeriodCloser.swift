import Foundation
package import GridCore
package import GridLedger
package import GridStore
package import Logging
import ServiceLifecycle

/// Closes settlement periods as they end (injected clock): once a period is over, the store posts
/// its payouts and stores its block in one transaction, the log takes the posting rows, and the
/// anchor, if there is one, is handed every block it does not have yet. A period closed already,
/// with postings or without, is not closed again, after a restart too; a coordinator that was
/// down over several periods closes the latest one, which settles everything before it.
package struct PeriodCloser: Service {
    package let store: any GridStore
    package let ledger: LedgerLog
    let schedule: SettlementSchedule
    package let anchor: (any SettlementAnchor)?
    package let clock: any GridClock
    package let logger: Logger
    /// How often it looks at the clock.
    package var interval: Duration = .seconds(1)

    package func run() async throws {
        let latest = try await store.latestSettlementBlock()
        let lastClosed = try await store.lastClosedPeriod()
        await cancelWhenGracefulShutdown {
            var closed = lastClosed
            // Blocks in the chain, and how many the anchor has (nil until it is asked).
            var stored = latest.map { $0.sequence + 1 } ?? 0
            var anchored: UInt64?
            while !Task.isCancelled {
                if let due = schedule.lastEndedPeriod(at: clock.now), closed.map({ due > $0 }) ?? true, let settled = await close(due) {
                    closed = due
                    if let block = settled.block { stored = max(stored, block.sequence + 1) }
                }
                if let anchor, anchored != stored {
                    anchored = await follow(anchor, has: anchored, upTo: stored)
                }
                try? await clock.sleep(for: interval)
            }
        }
    }

    /// Closes `period`; nil when the store failed (it is tried again on the next look).
    private func close(_ period: UInt64) async -> SettledPeriod? {
        do {
            let settled = try await store.settlePeriod(PeriodSettlement(
                period: period, periodSeconds: schedule.periodSeconds, minimumPayout: schedule.minimumPayout, at: clock.now,
                signer: ledger.signer))
            ledger.append(settled.ledger)
            if let block = settled.block, !settled.ledger.isEmpty {
                logger.info("settled period \(period): block \(block.sequence), \(block.postings.count) postings over rows \(block.rows), hash \(block.hash.hex)")
            }
            return settled
        } catch {
            logger.error("could not settle period \(period), trying again: \(error)")
            return nil
        }
    }

    /// Hands the anchor, in order, the blocks after the `known` it has (asked of it when nil) up
    /// to `stored`; returns how many it has, nil after a failure (it is asked again next time).
    private func follow(_ anchor: any SettlementAnchor, has known: UInt64?, upTo stored: UInt64) async -> UInt64? {
        do {
            var next: UInt64
            if let known {
                next = known
            } else {
                next = try await anchor.latestAnchored().map { $0 + 1 } ?? 0
            }
            while next < stored {
                let blocks = try await store.settlementBlocks(from: next, limit: 100)
                guard !blocks.isEmpty else { break }
                for block in blocks {
                    try await anchor.anchor(block)
                    next = block.sequence + 1
                }
            }
            return next
        } catch {
            logger.error("could not anchor settlement blocks, trying again: \(error)")
            return nil
        }
    }
}
