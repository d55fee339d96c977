/// `GET /v1/status`: the coordinator's health and load.
public struct CoordinatorStatus: Sendable, Hashable, Codable {
    /// The region it serves.
    public var region: String
    /// Connected, authenticated workers.
    public var workers: Int
    /// Their slots in total.
    public var slots: Int
    /// Slots running a replica now.
    public var busySlots: Int
    /// Replicas waiting for a slot.
    public var queueDepth: Int
    /// Task results recorded since start.
    public var tasksCompleted: Int
    /// Task results recorded per second over the last ten seconds.
    public var tasksPerSecond: Double

    /// Creates a status.
    public init(region: String, workers: Int, slots: Int, busySlots: Int, queueDepth: Int, tasksCompleted: Int, tasksPerSecond: Double) {
        self.region = region
        self.workers = workers
        self.slots = slots
        self.busySlots = busySlots
        self.queueDepth = queueDepth
        self.tasksCompleted = tasksCompleted
        self.tasksPerSecond = tasksPerSecond
    }
}
