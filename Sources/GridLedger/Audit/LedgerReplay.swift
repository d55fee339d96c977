import GridCore

/// Balances replayed from zero, row by row, by the rules of ``LedgerEvent/balanceChanges``.
struct LedgerReplay {
    private(set) var balances: [AccountID: AccountBalance] = [:]
    private(set) var minted = Amount.zero
    private(set) var burned = Amount.zero

    mutating func apply(_ row: LedgerRow) throws(LedgerAuditError) {
        for (account, change) in row.event.balanceChanges {
            do {
                balances[account] = try (balances[account] ?? AccountBalance()).applying(change)
            } catch {
                throw .overspent(row.index, "account \(account): \(error.message)")
            }
        }
        let supply = row.event.supplyChange
        do {
            minted = try minted + supply.minted
            burned = try burned + supply.burned
        } catch {
            throw .overspent(row.index, "the supply passes what an amount can hold")
        }
    }
}
