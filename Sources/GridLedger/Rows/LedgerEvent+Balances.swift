public import GridCore

extension LedgerEvent {
    /// How the event changes each account's balance, in the order of ``accounts``: the rules an
    /// auditor replays to recompute every balance from the log.
    ///
    /// - mint: the account's `available` grows by the amount;
    /// - hold: the client's `available` shrinks and its `held` grows by the amount;
    /// - charge: the payer's `held` shrinks by the total; the burn account's `available` grows by
    ///   the burned part (its balance is all GRID ever burned); every other payout grows its
    ///   account's `pending`, until a settlement makes it available;
    /// - release: the client's `held` shrinks and its `available` grows by the amount;
    /// - posting: a payee's `pending` shrinks and its `available` grows by the amount; a payer's
    ///   posting changes nothing (its charges already did).
    public var balanceChanges: [(account: AccountID, change: BalanceChange)] {
        switch self {
        case .mint(let mint):
            return [(mint.account, BalanceChange(available: mint.amount.baseUnits))]
        case .hold(let move):
            return [(move.account, BalanceChange(available: -move.amount.baseUnits, held: move.amount.baseUnits))]
        case .release(let move):
            return [(move.account, BalanceChange(available: move.amount.baseUnits, held: -move.amount.baseUnits))]
        case .posting(let posting):
            guard posting.side == .payee else { return [(posting.account, BalanceChange())] }
            return [(posting.account, BalanceChange(available: posting.amount.baseUnits, pending: -posting.amount.baseUnits))]
        case .charge(let charge):
            // A handful of accounts: a linear search beats hashing every id of every row.
            var changes: [(account: AccountID, change: BalanceChange)] = [(charge.payer, BalanceChange(held: -charge.total.baseUnits))]
            changes.reserveCapacity(charge.payouts.count + 1)
            for payout in charge.payouts where !payout.amount.isZero {
                let at = changes.firstIndex { $0.account == payout.account } ?? {
                    changes.append((payout.account, BalanceChange()))
                    return changes.count - 1
                }()
                // Sums of parts of one charge stay within its total, so these cannot overflow.
                if payout.recipient == .burn {
                    changes[at].change.available += payout.amount.baseUnits
                } else {
                    changes[at].change.pending += payout.amount.baseUnits
                }
            }
            return changes
        }
    }

    /// GRID the event creates (a mint's amount) and destroys (a charge's burned part).
    public var supplyChange: (minted: Amount, burned: Amount) {
        switch self {
        case .mint(let mint): (mint.amount, .zero)
        case .charge(let charge): (.zero, charge.burned)
        case .hold, .release, .posting: (.zero, .zero)
        }
    }
}
