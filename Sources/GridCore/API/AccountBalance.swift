/// What an account holds, in four parts that together are all of its GRID.
///
/// The conservation invariant sums these over every account: available + held + pending + staked
/// of all accounts = minted − burned (the burn account's balance is what was burned).
public struct AccountBalance: Sendable, Hashable, Codable {
    /// Spendable now.
    public var available: Amount
    /// Held in escrow for the account's jobs that have not ended.
    public var held: Amount
    /// Earned and not yet settled into `available`.
    public var pending: Amount
    /// Staked as a provider's bond.
    public var staked: Amount

    /// A balance of these parts.
    public init(available: Amount = .zero, held: Amount = .zero, pending: Amount = .zero, staked: Amount = .zero) {
        self.available = available
        self.held = held
        self.pending = pending
        self.staked = staked
    }

    /// All four parts together.
    public func total() throws(AmountError) -> Amount {
        try available + held + pending + staked
    }
}
