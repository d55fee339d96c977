/// The price a job pays per fuel on one worker: the network's base fee, which is burned, plus
/// the worker's own bid (SPEC.md 5).
///
/// Made by ``Pricing/quote(day:demandMultiplier:bid:)``. The base fee is the reference price
/// of the day × the epoch's demand multiplier, rounded down to 10^-18 base unit per fuel.
public struct Quote: Sendable, Hashable {
    /// The reference price per fuel of the day, after deflation compensation.
    public let referencePrice: PricePerFuel
    /// The demand multiplier of the pricing epoch.
    public let demandMultiplier: DemandMultiplier
    /// Reference price × demand multiplier: the part of every charge that is burned.
    public let baseFee: PricePerFuel
    /// The worker's own price per fuel on top of the base fee.
    public let bid: PricePerFuel
    /// What the job pays per fuel on this worker: base fee + bid.
    public let price: PricePerFuel

    /// A quote from its parts; throws when base fee + bid overflows.
    public init(referencePrice: PricePerFuel, demandMultiplier: DemandMultiplier, bid: PricePerFuel) throws(PricingError) {
        self.referencePrice = referencePrice
        self.demandMultiplier = demandMultiplier
        self.baseFee = try referencePrice.multiplied(by: demandMultiplier)
        self.bid = bid
        self.price = try baseFee.adding(bid)
    }

    /// Whether this worker fits a client's cap per fuel: base fee + bid ≤ cap.
    public func fits(cap: PricePerFuel) -> Bool {
        price <= cap
    }

    /// What a replica that used `fuel` fuel pays on this quote, and how much of it is burned.
    ///
    /// The total is ``price`` × fuel rounded down and the burned part ``baseFee`` × fuel
    /// rounded down; the rest goes to the beneficiaries. Since ⌊a + b⌋ ≥ ⌊a⌋ the rest is never
    /// negative, and the total never exceeds what ``maximumCost(fuelLimit:replicas:tasks:)``
    /// held for a replica of at most its fuel limit.
    public func charge(fuel: UInt64) throws(PricingError) -> Charge {
        let total = try price.cost(fuel: fuel)
        let burned = try baseFee.cost(fuel: fuel)
        return Charge(fuel: fuel, total: total, burned: burned)
    }

    /// The most a job can cost at this quote's price: fuel limit × price × replicas × tasks,
    /// each replica rounded down as it is charged (see ``PricePerFuel/maximumCost(fuelLimit:replicas:tasks:)``).
    public func maximumCost(fuelLimit: UInt64, replicas: Int, tasks: Int) throws(PricingError) -> Amount {
        try price.maximumCost(fuelLimit: fuelLimit, replicas: replicas, tasks: tasks)
    }
}
