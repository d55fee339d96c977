package import Foundation
package import GridCore
package import GridStore

/// The price of compute as the broker applies it: the configured pricing rules, the demand
/// multiplier of the current epoch, and the reference price of the current UTC day (worked out
/// once a day, not per replica).
///
/// The demand multiplier follows DPN's rule once per pricing epoch (``closeEpoch(at:waiting:supplyPerSecond:)``):
/// D is the fuel the replicas that finished in the epoch used, plus the replicas still waiting at
/// its end at the epoch's average fuel per finished replica (work asked for and not served is
/// demand too; waiting work when nothing finished counts as the most demand there can be); S is
/// the fuel the online workers could run in an epoch, each its benchmark fuel per second per core
/// on as many cores as it runs slots.
package struct PriceBoard: Sendable {
    package let pricing: Pricing
    /// The current epoch's demand multiplier.
    package private(set) var demandMultiplier: DemandMultiplier
    /// The pricing day its reference price is for.
    package private(set) var day: Int
    /// The pricing epoch its demand multiplier is for.
    package private(set) var epoch: Int64
    private var referencePrice: PricePerFuel
    /// Fuel used by the replicas that finished this epoch, and how many they were.
    private var finished: (fuel: UInt64, replicas: UInt64) = (0, 0)
    /// False in the epoch the board started in: it saw only part of it, so it does not measure it.
    private var sawWholeEpoch = false

    package init(pricing: Pricing, at date: Date) {
        self.pricing = pricing
        self.demandMultiplier = pricing.configuration.initialDemandMultiplier
        self.day = pricing.day(of: date)
        self.epoch = pricing.epoch(of: date)
        self.referencePrice = pricing.referencePrice(at: date)
    }

    /// Moves to the day of `date`; true when the day changed (and with it every worker's price).
    package mutating func advance(to date: Date) -> Bool {
        let today = pricing.day(of: date)
        guard today != day else { return false }
        day = today
        referencePrice = pricing.referencePrice(at: date)
        return true
    }

    /// Counts a finished replica's fuel toward this epoch's demand.
    package mutating func recordFinished(fuel: UInt64) {
        finished.fuel = finished.fuel.addingReportingOverflow(fuel).overflow ? .max : finished.fuel + fuel
        finished.replicas += 1
    }

    /// Whether `date` is in a later epoch than the board's.
    package func epochEnded(at date: Date) -> Bool {
        pricing.epoch(of: date) > epoch
    }

    /// What closing an epoch did: the epoch measured, to keep (nil for one the board saw only
    /// part of, or when no epoch ended), and whether the multiplier moved.
    package struct EpochClose: Sendable {
        package var measured: PriceEpochRecord?
        package var moved: Bool
    }

    /// When `date` is in a later epoch, sets the next epoch's multiplier from the one that ended
    /// (`waiting` replicas still queued, the online workers supplying `supplyPerSecond` fuel per
    /// second) and starts counting again. The epoch the board started in, which it saw only part
    /// of, moves nothing; an epoch the coordinator did not run through is not measured: one step
    /// follows the last one it saw.
    package mutating func closeEpoch(at date: Date, waiting: Int, supplyPerSecond: UInt64) -> EpochClose {
        let now = pricing.epoch(of: date)
        guard now > epoch else { return EpochClose(measured: nil, moved: false) }
        let seconds = UInt64(pricing.configuration.epochLength.components.seconds)
        let supply = supplyPerSecond.multipliedReportingOverflow(by: seconds).overflow ? .max : supplyPerSecond * seconds
        let demand = Self.demand(finished: finished, waiting: UInt64(waiting), supply: supply)
        let next = pricing.nextDemandMultiplier(after: demandMultiplier, demand: demand, supply: supply)
        let closed = epoch
        epoch = now
        finished = (0, 0)
        defer { sawWholeEpoch = true }
        guard sawWholeEpoch else { return EpochClose(measured: nil, moved: false) }
        let moved = next != demandMultiplier
        demandMultiplier = next
        return EpochClose(
            measured: PriceEpochRecord(epoch: closed, demand: demand, supply: supply, demandMultiplier: next, closedAt: date),
            moved: moved)
    }

    /// Starts from the multiplier a closed epoch set (the newest stored, after a restart), kept
    /// within the configured bounds, so a restart does not reset the price.
    package mutating func resume(from closed: PriceEpochRecord) {
        let bounds = pricing.demandMultiplierBounds
        demandMultiplier = min(max(closed.demandMultiplier, bounds.lowerBound), bounds.upperBound)
    }

    /// D for an epoch: finished fuel plus the waiting replicas at the finished average.
    package static func demand(finished: (fuel: UInt64, replicas: UInt64), waiting: UInt64, supply: UInt64) -> UInt64 {
        guard waiting > 0 else { return finished.fuel }
        guard finished.replicas > 0 else { return supply > UInt64.max / 2 ? .max : max(2 * supply, 1) }
        let average = finished.fuel / finished.replicas
        let (unmet, overflow) = average.multipliedReportingOverflow(by: waiting)
        guard !overflow else { return .max }
        let (total, more) = finished.fuel.addingReportingOverflow(unmet)
        return more ? .max : total
    }

    /// The price for a worker bidding `bid` per fuel: base fee + bid; nil for a bid that cannot
    /// be priced (refused at hello, so only in theory).
    package func quote(bid: Amount) -> Quote? {
        guard let perFuel = try? PricePerFuel(perFuel: bid) else { return nil }
        return try? Quote(referencePrice: referencePrice, demandMultiplier: demandMultiplier, bid: perFuel)
    }

    /// The base fee alone (a bid of zero).
    package var baseQuote: Quote {
        // A zero bid always prices: the base fee is at most price₀ × the largest multiplier.
        quote(bid: .zero)!
    }
}
