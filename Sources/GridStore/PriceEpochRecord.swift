public import Foundation
public import GridCore

/// One pricing epoch as it closed: the demand and supply DPN's rule measured and the demand
/// multiplier it set for the next epoch. The newest is where a restarted coordinator's price
/// starts, so a restart does not reset the base fee; all of them are the price's history.
public struct PriceEpochRecord: Sendable, Hashable {
    /// The epoch that closed (``Pricing/epoch(of:)``).
    public var epoch: Int64
    /// Fuel demanded in it.
    public var demand: UInt64
    /// Fuel the online workers could supply in it.
    public var supply: UInt64
    /// The multiplier the next epoch runs at.
    public var demandMultiplier: DemandMultiplier
    /// When it closed.
    public var closedAt: Date

    /// A closed epoch.
    public init(epoch: Int64, demand: UInt64, supply: UInt64, demandMultiplier: DemandMultiplier, closedAt: Date) {
        self.epoch = epoch
        self.demand = demand
        self.supply = supply
        self.demandMultiplier = demandMultiplier
        self.closedAt = closedAt
    }
}
