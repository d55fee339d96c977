public import GridCore
public import GridLedger

/// What one job cost and who received it, added up from its public ledger rows: the escrow held
/// and released, each replica's charge, the burned base fee, each beneficiary's share, and what
/// each worker's replicas were charged.
public struct JobBill: Sendable {
    /// Escrow held when the job was accepted.
    public let held: Amount
    /// Escrow released when it ended.
    public let released: Amount
    /// What the client paid: the sum of the charges.
    public let paid: Amount
    /// The burned part of what was paid.
    public let burned: Amount
    /// The rest of what was paid, by the role it was paid in (provider, developer, operator, charities).
    public let shares: [PayoutRecipient: Amount]
    /// What each worker's replicas were charged.
    public let perWorker: [WorkerID: Amount]
    /// Replicas charged.
    public let charges: Int

    /// The bill of `job` from the ledger's rows (every row of the log, or at least the job's).
    ///
    /// - Throws: ``DemoError`` when the parts do not add up: paid + released must be what was
    ///   held, and burned + every share must be what was paid.
    public init(job: JobID, rows: [LedgerRowView]) throws {
        var held = Amount.zero, released = Amount.zero, paid = Amount.zero, burned = Amount.zero
        var shares: [PayoutRecipient: Amount] = [:]
        var perWorker: [WorkerID: Amount] = [:]
        var charges = 0
        for row in rows where row.job == job {
            switch row.kind {
            case .hold: held = try held + (row.amount ?? .zero)
            case .release: released = try released + (row.amount ?? .zero)
            case .charge:
                charges += 1
                let total = row.total ?? .zero
                paid = try paid + total
                if let worker = row.worker { perWorker[worker] = try (perWorker[worker] ?? .zero) + total }
                for payout in row.payouts ?? [] {
                    guard let recipient = PayoutRecipient(rawValue: payout.recipient) else {
                        throw DemoError("row \(row.index) pays an unknown role '\(payout.recipient)'")
                    }
                    if recipient == .burn {
                        burned = try burned + payout.amount
                    } else {
                        shares[recipient] = try (shares[recipient] ?? .zero) + payout.amount
                    }
                }
            case .mint, .posting: continue
            }
        }
        guard try paid + released == held else {
            throw DemoError("the bill does not add up: \(paid) paid + \(released) released is not the \(held) held")
        }
        guard try shares.values.reduce(burned, { try $0 + $1 }) == paid else {
            throw DemoError("the bill does not add up: the burn and the shares are not the \(paid) paid")
        }
        self.held = held
        self.released = released
        self.paid = paid
        self.burned = burned
        self.shares = shares
        self.perWorker = perWorker
        self.charges = charges
    }
}
