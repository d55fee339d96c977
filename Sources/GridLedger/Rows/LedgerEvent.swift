public import GridCore

/// What one ledger row records. Each case moves GRID between parts of balances in a way
/// ``balanceChanges`` states, so an auditor can recompute every balance from the log alone.
public enum LedgerEvent: Sendable, Hashable {
    /// The operator created GRID on an account (a deposit).
    case mint(LedgerMint)
    /// A job's maximum cost moved from its client's available balance into escrow.
    case hold(EscrowMove)
    /// One replica's charge, taken from its job's escrow and paid out (the base fee burned).
    case charge(ReplicaCharge)
    /// What a job's escrow still held when it ended, back to its client's available balance.
    case release(EscrowMove)
    /// A settlement's posting: a beneficiary's pending balance made available, or a payer's sum
    /// of charges for the period.
    case posting(SettlementPosting)

    /// The event's kind, as the encoding names it.
    public var kind: Kind {
        switch self {
        case .mint: .mint
        case .hold: .hold
        case .charge: .charge
        case .release: .release
        case .posting: .posting
        }
    }

    /// The kinds of event, by the name the encoding gives them.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case mint, hold, charge, release, posting
    }

    /// Every account the event concerns (the payer, the payee and every beneficiary), once each,
    /// in the order the encoding lists them.
    public var accounts: [AccountID] {
        var seen: [AccountID] = []
        func add(_ account: AccountID) {
            if !seen.contains(account) { seen.append(account) }
        }
        switch self {
        case .mint(let mint):
            add(mint.account)
            add(mint.minter)
        case .hold(let move), .release(let move):
            add(move.account)
        case .posting(let posting):
            add(posting.account)
        case .charge(let charge):
            add(charge.payer)
            for payout in charge.payouts { add(payout.account) }
        }
        return seen
    }
}
