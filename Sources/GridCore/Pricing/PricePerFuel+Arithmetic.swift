extension PricePerFuel {
    /// What `fuel` units of fuel cost at this price, rounded **down** to a whole base unit, so
    /// a charge never exceeds the exact product. Throws when the cost exceeds the amount range.
    public func cost(fuel: UInt64) throws(PricingError) -> Amount {
        guard let cost = WideArithmetic.multiply(
            UInt128(baseUnitsPerExafuel), by: UInt128(fuel), dividedBy: UInt128(Self.fuelScale), rounding: .down),
            let baseUnits = WideArithmetic.signed(cost)
        else { throw .overflow(field: "fuel", operation: "\(fuel) fuel × \(self)") }
        return Amount(baseUnits: baseUnits)
    }

    /// The most a job can cost: ``cost(fuel:)`` of its fuel limit, for every replica of every
    /// task — what escrow holds when the job is accepted.
    ///
    /// Each replica is charged by itself, rounded down, for at most `fuelLimit` fuel, so the
    /// charges of a job can never sum to more than this bound. Throws, naming the field, when
    /// `fuelLimit`, `replicas` or `tasks` is below 1 or the product exceeds the amount range.
    public func maximumCost(fuelLimit: UInt64, replicas: Int, tasks: Int) throws(PricingError) -> Amount {
        guard fuelLimit > 0 else { throw .notPositive(field: "fuelLimit", value: "0") }
        guard replicas > 0 else { throw .notPositive(field: "replicas", value: String(replicas)) }
        guard tasks > 0 else { throw .notPositive(field: "tasks", value: String(tasks)) }
        let perReplica = try cost(fuel: fuelLimit).baseUnits
        let (perTask, replicaOverflow) = perReplica.multipliedReportingOverflow(by: Int128(replicas))
        guard !replicaOverflow else {
            throw .overflow(field: "replicas", operation: "\(perReplica) base units per replica × \(replicas) replicas")
        }
        let (total, taskOverflow) = perTask.multipliedReportingOverflow(by: Int128(tasks))
        guard !taskOverflow else {
            throw .overflow(field: "tasks", operation: "\(perTask) base units per task × \(tasks) tasks")
        }
        return Amount(baseUnits: total)
    }

    /// The sum of two prices, such as a base fee and a bid; throws on overflow.
    public func adding(_ other: PricePerFuel) throws(PricingError) -> PricePerFuel {
        let (sum, overflow) = baseUnitsPerExafuel.addingReportingOverflow(other.baseUnitsPerExafuel)
        guard !overflow else { throw .overflow(field: "bid", operation: "\(self) + \(other)") }
        return PricePerFuel(checked: sum)
    }

    /// The price scaled by a demand multiplier, rounded **down** to 10^-18 base unit per fuel.
    public func multiplied(by multiplier: DemandMultiplier) throws(PricingError) -> PricePerFuel {
        guard let scaled = WideArithmetic.multiply(
            UInt128(baseUnitsPerExafuel), by: UInt128(multiplier.partsPerTrillion),
            dividedBy: UInt128(DemandMultiplier.scale), rounding: .down),
            let value = WideArithmetic.signed(scaled)
        else { throw .overflow(field: "demandMultiplier", operation: "\(self) × \(multiplier)") }
        return PricePerFuel(checked: value)
    }
}
