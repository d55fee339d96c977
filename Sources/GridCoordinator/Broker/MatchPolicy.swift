package import GridCore
package import GridStore

/// The matching seam: whether a worker may run a job's replicas at all. Price caps, trust tiers
/// and leases plug in here; the scheduler asks it before handing out a replica, and "why is my
/// job not running?" reports its reasons.
package protocol MatchPolicy: Sendable {
    /// Whether `worker` may run replicas of `job`; when not, why, in words a client can act on.
    func check(_ job: JobRecord, on worker: WorkerCandidate) -> MatchVerdict
}

/// What a ``MatchPolicy`` sees of a worker.
package struct WorkerCandidate: Sendable, Hashable {
    /// The worker.
    package var id: WorkerID
    /// Memory it offers per slot, in bytes.
    package var memoryPerSlot: UInt64
    /// Its bid per fuel.
    package var prices: WorkerPrices
    /// Its price per fuel now, base fee + bid (nil when it cannot be priced).
    package var price: PricePerFuel?
}

/// A ``MatchPolicy``'s answer.
package enum MatchVerdict: Sendable, Hashable {
    /// The worker may run the job.
    case fits
    /// It may not, and why.
    case refused(String)
}

/// The requirement class and the price cap: a task's memory limit must fit in one slot's share
/// of the worker, and a billed job runs only on a worker whose price (base fee + bid) fits its cap.
package struct ResourceMatchPolicy: MatchPolicy {
    package init() {}

    package func check(_ job: JobRecord, on worker: WorkerCandidate) -> MatchVerdict {
        guard job.limits.memoryBytes <= worker.memoryPerSlot else {
            return .refused("no worker offers \(job.limits.memoryBytes >> 20) MiB of memory per slot")
        }
        if let cap = job.billing?.priceCap {
            guard let price = worker.price, price <= cap else {
                return .refused("no online worker's price fits the job's cap of \(cap.baseUnitsPerExafuel) base units per 10^18 fuel")
            }
        }
        return .fits
    }
}
