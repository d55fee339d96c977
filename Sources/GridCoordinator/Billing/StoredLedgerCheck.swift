import GridCore
import GridLedger
package import GridStore

/// What the coordinator checks of its own store before it moves money on it: every stored row's
/// entry still hashes to its stored leaf, its private columns still match the hash the entry
/// carries, and every account's balance is exactly what the rows replayed from zero give (by the
/// auditor's own ``LedgerReplay``, settlement rules included).
///
/// The checkpoint check (``LedgerLog/check(kept:what:)``) catches rows changed together with
/// their leaves; this one catches an entry changed alone, and, since an auditor outside sees only
/// the rows, balances moved between accounts in the balances table, which no public check can see.
package enum StoredLedgerCheck {
    /// Rows read at a time.
    static let pageRows: UInt64 = 8_192

    /// Checks the store; throws ``CoordinatorStartError/storedLedgerChanged(_:)`` naming the first
    /// row or account that does not check out.
    package static func run(on store: any GridStore) async throws {
        let size = try await store.ledgerSize()
        var replay = LedgerReplay()
        var start: UInt64 = 0
        while start < size {
            let end = min(start + pageRows, size)
            let records: [LedgerRecord]
            do {
                records = try await store.ledgerRecords(start..<end)
            } catch let error as StoreError {
                throw CoordinatorStartError.storedLedgerChanged(error.message)
            }
            let leaves = try await store.ledgerLeafHashes(from: start, limit: Int(end - start))
            guard records.count == leaves.count, records.count == Int(end - start) else {
                throw CoordinatorStartError.storedLedgerChanged("rows \(start)..<\(end) are not all stored")
            }
            for (record, leaf) in zip(records, leaves) {
                guard record.leafHash == leaf else {
                    throw CoordinatorStartError.storedLedgerChanged(
                        "ledger row \(record.row.index)'s entry no longer hashes to its stored leaf")
                }
                do {
                    try replay.apply(record.row)
                } catch {
                    throw CoordinatorStartError.storedLedgerChanged(error.message)
                }
            }
            start = end
        }
        do {
            try replay.finish(at: size)
        } catch {
            throw CoordinatorStartError.storedLedgerChanged(error.message)
        }
        let replayed = replay.balances
        let stored = try await store.allBalances()
        for (account, balance) in replayed.sorted(by: { $0.key < $1.key }) where stored[account] == nil && balance != AccountBalance() {
            throw CoordinatorStartError.storedLedgerChanged("account \(account) has ledger rows that leave it \(try balance.total()) but no stored balance")
        }
        for (account, balance) in stored.sorted(by: { $0.key < $1.key }) {
            let expected = replayed[account] ?? AccountBalance()
            guard balance == expected else {
                throw CoordinatorStartError.storedLedgerChanged(
                    "account \(account)'s stored balance (available \(balance.available), held \(balance.held), pending \(balance.pending), staked \(balance.staked)) is not what its ledger rows add up to (available \(expected.available), held \(expected.held), pending \(expected.pending), staked \(expected.staked))")
            }
        }
    }
}
