extension AccountBalance {
    /// The balance after `change`; throws, naming the part, when a part would go below zero or
    /// leave the amount range (so no event can spend what is not there).
    public func applying(_ change: BalanceChange) throws(BalanceError) -> AccountBalance {
        func apply(_ part: Amount, _ delta: Int128, _ name: String) throws(BalanceError) -> Amount {
            let (sum, overflow) = part.baseUnits.addingReportingOverflow(delta)
            guard !overflow else { throw .overflow(part: name) }
            guard sum >= 0 else { throw .insufficient(part: name, has: part, needs: Amount(baseUnits: -delta)) }
            return Amount(baseUnits: sum)
        }
        return AccountBalance(
            available: try apply(available, change.available, "available"), held: try apply(held, change.held, "held"),
            pending: try apply(pending, change.pending, "pending"), staked: try apply(staked, change.staked, "staked"))
    }
}
