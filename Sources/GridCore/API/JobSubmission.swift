/// `POST /v1/jobs`: run a module once per task input.
public struct JobSubmission: Sendable, Hashable, Codable {
    /// The module to run (uploaded before with `POST /v1/modules`).
    public var module: ContentHash
    /// One entry per task: the batch form BOINC and Golem use.
    public var tasks: [TaskInput]
    /// Limits for every task (defaults: ``Limits/standard``).
    public var limits: Limits?
    /// Replicas per task, on different workers (default 1).
    public var replicas: Int?
    /// How tasks are seeded (default per task).
    public var seed: SeedPolicy?
    /// Seconds from submission after which unfinished tasks expire (default: none).
    public var deadlineSeconds: Int?
    /// The most the job pays per fuel, base fee + the worker's bid (default: twice the base fee).
    /// Its tasks run only on workers whose price fits, the cheapest with room first.
    public var maxPricePerFuel: PricePerFuel?
    /// Queue the job even when no online worker's price fits its cap (default false: refused).
    public var waitForPrice: Bool?

    /// Creates a submission.
    public init(
        module: ContentHash, tasks: [TaskInput], limits: Limits? = nil, replicas: Int? = nil,
        seed: SeedPolicy? = nil, deadlineSeconds: Int? = nil, maxPricePerFuel: PricePerFuel? = nil, waitForPrice: Bool? = nil
    ) {
        self.maxPricePerFuel = maxPricePerFuel
        self.waitForPrice = waitForPrice
        self.module = module
        self.tasks = tasks
        self.limits = limits
        self.replicas = replicas
        self.seed = seed
        self.deadlineSeconds = deadlineSeconds
    }
}
