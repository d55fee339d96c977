/// Counts over a job's stored results (``GridStore/resultTotals(job:)``).
public struct ResultTotals: Sendable, Hashable {
    /// Tasks with a result.
    public var count: Int
    /// Of those, the ones whose guest succeeded.
    public var succeeded: Int
    /// Fuel over all of them.
    public var fuelUsed: UInt64

    /// Totals.
    public init(count: Int, succeeded: Int, fuelUsed: UInt64) {
        self.count = count
        self.succeeded = succeeded
        self.fuelUsed = fuelUsed
    }
}
