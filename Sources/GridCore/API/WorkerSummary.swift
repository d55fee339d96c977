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
    /// Its tier.
    public var tier: WorkerTier
    /// Replicas it runs at once.
    public var slots: Int
    /// Replicas it runs now.
    public var running: Int
    /// Whether its idle policy has paused it.
    public var paused: Bool
    /// Its self-benchmark.
    public var fuelPerSecond: UInt64
    /// What it asks for its compute.
    public var prices: WorkerPrices
    /// When it connected.
    public var connectedAt: Date
    /// Replicas it has completed on this connection.
    public var completed: Int

    /// Creates a summary.
    public init(
        id: WorkerID, provider: AccountID, name: String, region: String, tier: WorkerTier, slots: Int, running: Int, paused: Bool, fuelPerSecond: UInt64,
        prices: WorkerPrices, connectedAt: Date, completed: Int
    ) {
        self.id = id
        self.provider = provider
        self.name = name
        self.region = region
        self.tier = tier
        self.slots = slots
        self.running = running
        self.paused = paused
        self.fuelPerSecond = fuelPerSecond
        self.prices = prices
        self.connectedAt = connectedAt
        self.completed = completed
    }
}
