package import Foundation
package import GridCore
package import GridLedger
package import GridStore

extension WorkBroker {
    /// What a decided task bills its client: a charge for the accepted replica and for each
    /// replica that agreed with it, at most the job's `replicas` of them (the replication its
    /// policy asked for; replicas added to break a disagreement that agree beyond that are the
    /// network's cost, not the client's). A dissenting, lost or failed replica is not paid.
    ///
    /// Each is charged its fuel, never more than its task's limit, at the price it was assigned
    /// at; its payouts go to the worker's provider, the module's publisher and the operator.
    package func charges(for decision: JobTable.Decision, accepted: JobTable.Vote) -> [ReplicaCharge] {
        guard let job = jobs.jobs[decision.task.job], let billing = job.record.billing else { return [] }
        let agreeing = decision.verdicts.filter { $0.verdict == .agreed }.map(\.vote)
        let paid = ([accepted] + agreeing).prefix(job.record.replicas)
        var charges: [ReplicaCharge] = []
        for vote in paid {
            let result = vote.result
            guard let quote = quote(of: result.replica, worker: vote.worker) else {
                logger.error("replica \(result.replica) of job \(decision.task.job) has no price; it is not charged")
                continue
            }
            let usage = ReplicaCharge.Usage(
                fuel: min(result.fuelUsed, job.record.limits.fuel), bytesIn: UInt64(decision.inputBytes),
                bytesOut: UInt64(result.outputSize), wallMicroseconds: result.wallMicroseconds)
            let provider = providers[vote.worker] ?? operatorAccount
            let developer = billing.developer ?? operatorAccount
            let (toProvider, toDeveloper, toOperator) = (charity[provider], charity[developer], charity[operatorAccount])
            // Each direction is at most 1,000,000 parts per million, so these directions are valid.
            let directions = (try? CharityDirections(
                providerPartsPerMillion: toProvider?.partsPerMillion ?? 0, developerPartsPerMillion: toDeveloper?.partsPerMillion ?? 0,
                operatorPartsPerMillion: toOperator?.partsPerMillion ?? 0)) ?? .none
            do {
                charges.append(try ReplicaCharge(
                    payer: job.record.owner, job: job.record.id, task: decision.task.index, replica: result.replica,
                    worker: vote.worker, usage: usage, quote: quote, split: prices.pricing.configuration.split, charity: directions
                ) { recipient in
                    switch recipient {
                    case .provider: provider
                    case .providerCharity: toProvider?.charity ?? provider
                    case .developer: developer
                    case .developerCharity: toDeveloper?.charity ?? developer
                    case .operator, .burn: operatorAccount
                    case .operatorCharity: toOperator?.charity ?? operatorAccount
                    }
                })
            } catch {
                logger.error("replica \(result.replica) of job \(decision.task.job) could not be charged: \(error.message)")
            }
        }
        return charges
    }

    /// Sets what `account` directs to a charity from the next charge on (nil: nothing).
    package func setCharity(_ direction: CharityDirection?, for account: AccountID) {
        charity[account] = direction
    }

    /// The store's charity directions, on start.
    package func setCharityDirections(_ directions: [AccountID: CharityDirection]) {
        charity = directions
    }

    /// Prices from the newest stored epoch's demand multiplier, as before a restart.
    package func resumePricing(from closed: PriceEpochRecord) {
        prices.resume(from: closed)
        registry.reprice(prices)
    }

    /// The price of compute now.
    package struct Market: Sendable {
        /// The pricing day it is priced on.
        package let day: Int
        /// The base fee alone (a bid of zero), with its parts.
        package let base: Quote
        /// The cheapest online worker that can run the job asked about.
        package let cheapest: Quote?
        /// Workers online, whatever they can run.
        package let workersOnline: Int
        /// The prices of the online workers that can run the job asked about.
        package let prices: [PricePerFuel]
    }

    /// The price of compute now for a job needing `memoryBytes` per task: the base fee, and the
    /// prices of the online workers that offer that memory per slot.
    package func market(memoryBytes: UInt64) -> Market {
        followTheClock(clock.now)
        let quotes = registry.sessions.values.filter { $0.candidate.memoryPerSlot >= memoryBytes }.compactMap(\.quote)
        return Market(
            day: prices.day, base: prices.baseQuote, cheapest: quotes.min { $0.price < $1.price },
            workersOnline: registry.sessions.count, prices: quotes.map(\.price))
    }

    /// On a new UTC day the reference price, and in a new pricing epoch the demand multiplier,
    /// and so every worker's price, moves.
    package func followTheClock(_ now: Date) {
        let newDay = prices.advance(to: now)
        var newMultiplier = false
        if prices.epochEnded(at: now) {
            // Measured once an epoch, not per tick.
            let supply = registry.sessions.values.reduce(UInt64(0)) { total, session in
                let cores = UInt64(max(0, min(session.link.hello.cores, session.runningSlots)))
                let (fuel, overflow) = session.link.hello.fuelPerSecond.multipliedReportingOverflow(by: cores)
                return overflow ? .max : total.addingReportingOverflow(fuel).overflow ? .max : total + fuel
            }
            let close = prices.closeEpoch(at: now, waiting: scheduler.count, supplyPerSecond: supply)
            if let measured = close.measured { writer.append([.priceEpoch(measured)]) }
            newMultiplier = close.moved
        }
        if newMultiplier {
            logger.info("pricing epoch \(prices.epoch): demand multiplier \(prices.demandMultiplier), base fee \(prices.baseQuote.baseFee)")
        }
        guard newDay || newMultiplier else { return }
        registry.reprice(prices)
        // Replicas parked for want of a worker under their cap may fit now.
        scheduler.unpark()
    }

    /// The price the replica was assigned at; for one assigned before a restart, its worker's
    /// price now.
    private func quote(of replica: ReplicaID, worker: WorkerID) -> Quote? {
        if let quote = replicaQuotes[replica] { return quote }
        return bids[worker].flatMap { prices.quote(bid: $0) }
    }
}
