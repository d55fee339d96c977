/// Everything durable that the coordinator decided since its last commit, written by
/// ``GridStore/commit(_:)`` in one transaction: new jobs, accepted results, every replica's
/// result as evidence, given-up tasks, job ends, worker flags and closed pricing epochs.
///
/// Within the transaction the parts are written in the order of the properties, so a job's row
/// precedes its results and its end; a caller that keeps entries in the order they happened
/// keeps every reference satisfied.
public struct SettlementBatch: Sendable, Hashable {
    /// Jobs accepted by the API; durable before their ids are returned.
    public var jobs: [NewJob]
    /// Accepted results, at most one per task (a task that has one already keeps it).
    public var results: [ResultRecord]
    /// Replica results with their verdicts.
    public var replicas: [ReplicaRecord]
    /// Tasks given up, with the reason (before their job's end, which they may cause).
    public var givenUp: [GivenUpTaskRecord]
    /// Jobs reaching a terminal state.
    public var jobEnds: [JobEnd]
    /// Workers caught lying.
    public var flags: [WorkerFlag]
    /// Pricing epochs that closed.
    public var priceEpochs: [PriceEpochRecord]

    /// A batch; empty by default.
    public init(
        jobs: [NewJob] = [], results: [ResultRecord] = [], replicas: [ReplicaRecord] = [], givenUp: [GivenUpTaskRecord] = [],
        jobEnds: [JobEnd] = [], flags: [WorkerFlag] = [], priceEpochs: [PriceEpochRecord] = []
    ) {
        self.jobs = jobs
        self.results = results
        self.replicas = replicas
        self.givenUp = givenUp
        self.jobEnds = jobEnds
        self.flags = flags
        self.priceEpochs = priceEpochs
    }

    /// True when there is nothing to write.
    public var isEmpty: Bool {
        jobs.isEmpty && results.isEmpty && replicas.isEmpty && givenUp.isEmpty && jobEnds.isEmpty && flags.isEmpty && priceEpochs.isEmpty
    }

    /// How many entries the batch holds.
    public var count: Int {
        jobs.count + results.count + replicas.count + givenUp.count + jobEnds.count + flags.count + priceEpochs.count
    }
}
