package import GridCore

/// Balances replayed from zero, row by row, by the rules of ``LedgerEvent/balanceChanges``, with
/// the settlement rules checked as the postings come: a payee's posting pays exactly its whole
/// pending balance and sums the rows since its last posting; a payer's sums exactly its charges
/// since the last settlement; every payer with charges is posted; and, given the minimum payout
/// of each settlement (from its block), every account owed at least that much is paid.
///
/// The auditor replays the rows it fetched; a coordinator replays its own at start, to compare
/// with the balances it stored.
package struct LedgerReplay {
    /// A run of posting rows: one settlement's postings.
    struct PostingGroup {
        /// The rows the settlement settled.
        let settled: Range<UInt64>
        /// The posting rows.
        var rows: Range<UInt64>
        var payers: Set<AccountID> = []
        var payees: [AccountID: Amount] = [:]
        /// Every account's pending balance when the postings began.
        let pending: [AccountID: Amount]
    }

    package private(set) var balances: [AccountID: AccountBalance] = [:]
    private(set) var minted = Amount.zero
    private(set) var burned = Amount.zero
    /// Every settlement's postings, in log order.
    private(set) var groups: [PostingGroup] = []
    /// The minimum payout of the settlement whose postings start at each row.
    private let minimums: [UInt64: Amount]
    /// Where the rows of the next settlement begin.
    private var settledThrough: UInt64 = 0
    /// Each payer's charges since the last settlement.
    private var openCharges: [AccountID: Amount] = [:]
    /// Where each payee's next posting begins summing.
    private var paidThrough: [AccountID: UInt64] = [:]
    private var group: PostingGroup?

    /// A replay; `minimums` gives each settlement's minimum payout by the row its postings start
    /// at (from the settlement blocks), to check that nobody owed that much was passed over.
    package init(minimums: [UInt64: Amount] = [:]) {
        self.minimums = minimums
    }

    package mutating func apply(_ row: LedgerRow) throws(LedgerAuditError) {
        if case .posting(let posting) = row.event {
            try post(posting, at: row.index)
        } else if group != nil {
            try closeGroup(at: row.index)
        }
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
            if case .charge(let charge) = row.event {
                openCharges[charge.payer] = try (openCharges[charge.payer] ?? .zero) + charge.total
            }
        } catch {
            throw .overspent(row.index, "the supply passes what an amount can hold")
        }
    }

    /// Ends the replay at the log's end: closes the last settlement's postings.
    package mutating func finish(at size: UInt64) throws(LedgerAuditError) {
        if group != nil { try closeGroup(at: size) }
    }

    private mutating func post(_ posting: SettlementPosting, at index: UInt64) throws(LedgerAuditError) {
        if let group, posting.rows.upperBound != group.settled.upperBound { try closeGroup(at: index) }
        if group == nil {
            guard posting.rows.upperBound == index else {
                throw .badSettlement(index, "the first posting of a settlement must follow the rows it settles, which end at \(posting.rows.upperBound)")
            }
            group = PostingGroup(
                settled: settledThrough..<index, rows: index..<index,
                pending: balances.compactMapValues { $0.pending.isZero ? nil : $0.pending })
        }
        guard var current = group else { return }
        current.rows = current.rows.lowerBound..<(index + 1)
        switch posting.side {
        case .payer:
            let charged = openCharges[posting.account] ?? .zero
            guard posting.rows == current.settled else {
                throw .badSettlement(index, "account \(posting.account)'s payer posting sums rows \(posting.rows), not the settlement's \(current.settled)")
            }
            guard current.payers.insert(posting.account).inserted else {
                throw .badSettlement(index, "account \(posting.account) is posted as a payer twice")
            }
            guard posting.amount == charged else {
                throw .badSettlement(index, "account \(posting.account)'s charges in rows \(current.settled) come to \(charged.baseUnitsString) base units, not the posted \(posting.amount.baseUnitsString)")
            }
        case .payee:
            let pending = balances[posting.account]?.pending ?? .zero
            let since = paidThrough[posting.account] ?? 0
            guard posting.rows == since..<current.settled.upperBound else {
                throw .badSettlement(index, "account \(posting.account)'s payout sums rows \(posting.rows), but its rows since its last payout are \(since..<current.settled.upperBound)")
            }
            guard current.payees[posting.account] == nil else {
                throw .badSettlement(index, "account \(posting.account) is paid out twice")
            }
            guard posting.amount == pending else {
                throw .badSettlement(index, "account \(posting.account) is owed \(pending.baseUnitsString) base units, not the posted \(posting.amount.baseUnitsString)")
            }
            current.payees[posting.account] = posting.amount
        }
        group = current
    }

    /// Whether a settlement pays `pending` out (``Pricing/payout(pending:minimum:)``).
    private static func paysOut(_ pending: Amount, _ minimum: Amount) -> Bool {
        ((try? Pricing.payout(pending: pending, minimum: minimum)) ?? .zero).baseUnits > 0
    }

    private mutating func closeGroup(at end: UInt64) throws(LedgerAuditError) {
        guard let closed = group else { return }
        for (payer, charged) in openCharges where !charged.isZero && !closed.payers.contains(payer) {
            throw .badSettlement(closed.rows.lowerBound, "payer \(payer) was charged \(charged.baseUnitsString) base units in rows \(closed.settled) but has no posting")
        }
        if let minimum = minimums[closed.rows.lowerBound] {
            for (account, pending) in closed.pending where closed.payees[account] == nil && Self.paysOut(pending, minimum) {
                throw .badSettlement(closed.rows.lowerBound, "account \(account) was owed \(pending.baseUnitsString) base units, at least the minimum payout \(minimum.baseUnitsString), but was not paid")
            }
            for (account, amount) in closed.payees where !Self.paysOut(amount, minimum) {
                throw .badSettlement(closed.rows.lowerBound, "account \(account) was paid \(amount.baseUnitsString) base units, below the minimum payout \(minimum.baseUnitsString)")
            }
        }
        openCharges = [:]
        for account in closed.payees.keys { paidThrough[account] = end }
        settledThrough = end
        groups.append(closed)
        group = nil
    }
}
