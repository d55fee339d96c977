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
    /// What it asks for its compute.
    public var prices: WorkerPrices
    /// When it connected.
    public var connectedAt: Date
    /// Replicas it has completed on this connection.
    public var completed: Int

    /// Creates a summary.
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
        self.connectedAt = connectedAt
        self.completed = completed
    }
}
