public import GridCore

extension LedgerRecord {
    /// The row as `account`'s history shows it: how it changed that account's balance; the
    /// private memo of a deposit included, since the history is the account's own.
    public func moneyEvent(for account: AccountID) -> MoneyEvent {
        var change = BalanceChange()
        for (changed, part) in row.event.balanceChanges where changed == account {
            // One row's parts are bounded by its amount, so their sum fits.
            change = (try? change.adding(part)) ?? change
        }
        let kind: MoneyEvent.Kind
        var job: JobID?
        var by: AccountID?
        var amount: Amount?
        switch row.event {
        case .mint(let mint):
            kind = .mint
            by = mint.minter
        case .hold(let move):
            kind = .hold
            job = move.job
        case .release(let move):
            kind = .release
            job = move.job
        case .charge(let charge):
            kind = .charge
            job = charge.job
        case .posting(let posting):
            kind = posting.side == .payee ? .payout : .statement
            amount = posting.amount
        }
        return MoneyEvent(
            index: row.index, at: row.time, kind: kind, account: account, change: change, job: job, by: by,
            memo: row.event.kind == .mint ? `private`?["memo"] : nil, amount: amount)
    }
}
