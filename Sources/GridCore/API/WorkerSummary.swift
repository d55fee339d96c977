public import Foundation

/// One connected worker, in `GET /v1/workers`.
public struct WorkerSummary: Sendable, Hashable, Codable {
    /// Its id (from its device key).
    public var id: WorkerID
    /// The provider account it is enrolled to (who runs it, and who will be paid for its work).
    public var provider: AccountID
    /// Its name.
    public var name: String
    /// Its region.
    public var region: String
    /// The tier the coordinator counts it in: 4 (an untrusted consumer device) until an operator
    /// grants another, whatever it claims.
    public var tier: WorkerTier
    /// The tier it claims in its hello; it counts for nothing until granted.
    public var claimedTier: WorkerTier
    /// Replicas the coordinator trusts it to run at once: a probation share at first, growing
    /// with the concurrency its results show, never beyond what it claims.
    public var slots: Int
    /// Slots it claims in its hello.
    public var claimedSlots: Int
    /// Replicas it runs now.
    public var running: Int
    /// Whether its idle policy has paused it.
    public var paused: Bool
    /// Its self-benchmark, as it claims it (challenges will check it).
    public var fuelPerSecond: UInt64
    /// What it asks for its compute, as its hello says it: base units per fuel.
    public var prices: WorkerPrices
    /// Its bid on the CPU class in the unit `GET /v1/price` quotes in (base units per 10^18
    /// fuel), so the two can be compared and added as they are: a client on this worker pays the
    /// quote's base fee plus this.
    public var bid: PricePerFuel
    /// When it connected.
    public var connectedAt: Date
    /// Replicas it has completed on this connection.
    public var completed: Int

    /// Creates a summary; its ``bid`` is `prices`' CPU price in the quotes' unit.
    public init(
        id: WorkerID, provider: AccountID, name: String, region: String, tier: WorkerTier, claimedTier: WorkerTier, slots: Int,
        claimedSlots: Int, running: Int, paused: Bool, fuelPerSecond: UInt64, prices: WorkerPrices, connectedAt: Date, completed: Int
    ) {
        self.id = id
        self.provider = provider
        self.name = name
        self.region = region
        self.tier = tier
        self.claimedTier = claimedTier
        self.slots = slots
        self.claimedSlots = claimedSlots
        self.running = running
        self.paused = paused
        self.fuelPerSecond = fuelPerSecond
        self.prices = prices
        // A hello's price is at most one GRID per fuel, which always fits.
        self.bid = (try? PricePerFuel(perFuel: prices.cpuPerFuel)) ?? .zero
        self.connectedAt = connectedAt
        self.completed = completed
    }
}
