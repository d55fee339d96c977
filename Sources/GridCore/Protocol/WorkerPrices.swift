/// What a provider asks for its compute: its bid on top of the network's reference price, per
/// resource class (SPEC.md 5), from its pricing configuration. The coordinator's matchmaker
/// weighs it against the client's cap.
public struct WorkerPrices: Sendable, Hashable, Codable {
    /// GRID per unit of fuel on the CPU class, in base units (an `Amount`, never negative).
    public var cpuPerFuel: Amount

    /// The highest bid per fuel a worker may ask: one GRID. A fuel unit is about one WebAssembly
    /// operator, so this is far past any real price, and base fee + bid always fits a price.
    public static let maxPerFuel = Amount(baseUnits: Amount.baseUnitsPerGRID)

    /// Whether `amount` is a bid a worker may ask: zero up to ``maxPerFuel``.
    public static func isAllowed(_ amount: Amount) -> Bool {
        !amount.isNegative && amount <= maxPerFuel
    }

    /// Prices; zero asks nothing beyond the reference price.
    public init(cpuPerFuel: Amount = Amount(baseUnits: 0)) {
        self.cpuPerFuel = cpuPerFuel
    }
}
