/// How one event changes the four parts of one account's balance, in signed base units.
///
/// The parts of a change sum to what the account gains or loses in all (a hold moves GRID from
/// `available` to `held` and sums to zero).
public struct BalanceChange: Sendable, Hashable {
    /// Added to the spendable balance (negative when taken).
    public var available: Int128
    /// Added to what escrow holds for the account's jobs.
    public var held: Int128
    /// Added to what the account earned and is not yet settled.
    public var pending: Int128
    /// Added to the provider's stake.
    public var staked: Int128

    /// A change of these parts; zero by default.
    public init(available: Int128 = 0, held: Int128 = 0, pending: Int128 = 0, staked: Int128 = 0) {
        self.available = available
        self.held = held
        self.pending = pending
        self.staked = staked
    }

    /// Nothing changes.
    public var isZero: Bool { available == 0 && held == 0 && pending == 0 && staked == 0 }

    /// Both changes together; throws when a part leaves the `Int128` range.
    public func adding(_ other: BalanceChange) throws(AmountError) -> BalanceChange {
        func add(_ a: Int128, _ b: Int128, _ part: String) throws(AmountError) -> Int128 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw .overflow("\(a) + \(b) base units (\(part))") }
            return sum
        }
        return BalanceChange(
            available: try add(available, other.available, "available"), held: try add(held, other.held, "held"),
            pending: try add(pending, other.pending, "pending"), staked: try add(staked, other.staked, "staked"))
    }
}
