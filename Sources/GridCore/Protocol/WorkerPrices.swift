/// What a provider asks for its compute: its bid on top of the network's reference price, per
/// resource class (SPEC.md 5), from its pricing configuration. The coordinator's matchmaker
/// weighs it against the client's cap.
public struct WorkerPrices: Sendable, Hashable, Codable {
    /// GRID per unit of fuel on the CPU class, in base units (an `Amount`, never negative).
    public var cpuPerFuel: Amount

    /// Prices; zero asks nothing beyond the reference price.
    public init(cpuPerFuel: Amount = Amount(baseUnits: 0)) {
        self.cpuPerFuel = cpuPerFuel
    }
}
