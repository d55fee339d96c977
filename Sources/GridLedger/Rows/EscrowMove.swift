public import GridCore

/// GRID moving into a job's escrow when it is accepted, or back out when it ends.
public struct EscrowMove: Sendable, Hashable {
    /// The client whose balance it is.
    public let account: AccountID
    /// The job the escrow is for.
    public let job: JobID
    /// How much moves; above zero (a job that holds nothing writes no row).
    public let amount: Amount

    /// A move; refused unless the amount is above zero.
    public init(account: AccountID, job: JobID, amount: Amount) throws(LedgerRowError) {
        guard amount.baseUnits > 0 else { throw .notPositive(field: "amount", amount) }
        self.account = account
        self.job = job
        self.amount = amount
    }
}
