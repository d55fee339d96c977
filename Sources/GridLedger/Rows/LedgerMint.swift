public import GridCore

/// GRID the operator created on an account: a deposit.
public struct LedgerMint: Sendable, Hashable {
    /// Whose available balance grows.
    public let account: AccountID
    /// The operator's account that made the deposit.
    public let minter: AccountID
    /// How much; above zero.
    public let amount: Amount

    /// A mint; refused unless the amount is above zero.
    public init(account: AccountID, minter: AccountID, amount: Amount) throws(LedgerRowError) {
        guard amount.baseUnits > 0 else { throw .notPositive(field: "amount", amount) }
        self.account = account
        self.minter = minter
        self.amount = amount
    }
}
