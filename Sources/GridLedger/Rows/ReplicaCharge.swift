public import GridCore

/// What one replica of a task cost its client and who received it: the usage, the price and
/// its parts, and each recipient's amount, the burned base fee included.
///
/// The parts are checked on the way in, so a row cannot say one thing and pay another: the
/// total is the quote's price × fuel and the burned part its base fee × fuel (each rounded down,
/// see ``Quote/charge(fuel:)``), and the payouts sum exactly to the total with the burn first.
public struct ReplicaCharge: Sendable, Hashable {
    /// One recipient's part of the charge.
    public struct Payout: Sendable, Hashable {
        /// The role it is paid in.
        public let recipient: PayoutRecipient
        /// The account paid (the burn account for the burned part).
        public let account: AccountID
        /// How much; never negative.
        public let amount: Amount

        /// A part of a charge.
        public init(recipient: PayoutRecipient, account: AccountID, amount: Amount) {
            self.recipient = recipient
            self.account = account
            self.amount = amount
        }
    }

    /// What the replica used.
    public struct Usage: Sendable, Hashable {
        /// Fuel charged: what the replica used, never more than its task's limit.
        public let fuel: UInt64
        /// Bytes of input the task carried.
        public let bytesIn: UInt64
        /// Bytes of output the replica returned.
        public let bytesOut: UInt64
        /// The replica's wall time on its worker, in microseconds.
        public let wallMicroseconds: UInt64

        /// Usage with these figures.
        public init(fuel: UInt64, bytesIn: UInt64, bytesOut: UInt64, wallMicroseconds: UInt64) {
            self.fuel = fuel
            self.bytesIn = bytesIn
            self.bytesOut = bytesOut
            self.wallMicroseconds = wallMicroseconds
        }
    }

    /// The client whose job's escrow pays.
    public let payer: AccountID
    /// The job.
    public let job: JobID
    /// The task's index in its job.
    public let task: Int
    /// The replica paid for.
    public let replica: ReplicaID
    /// The worker that ran it.
    public let worker: WorkerID
    /// What it used.
    public let usage: Usage
    /// The price per fuel it ran at, with its parts.
    public let quote: Quote
    /// Each recipient's part: the burn first, then the beneficiaries in ``PayoutParts`` order.
    public let payouts: [Payout]
    /// What the client pays: the sum of the payouts, price × fuel.
    public let total: Amount
    /// The burned part (the base fee × fuel): the first payout.
    public var burned: Amount { payouts[0].amount }

    /// A charge; refused when its payouts do not add up to what its quote charges for its fuel,
    /// when the burned part is not the base fee's, or when any part is negative.
    public init(
        payer: AccountID, job: JobID, task: Int, replica: ReplicaID, worker: WorkerID, usage: Usage, quote: Quote,
        payouts: [Payout]
    ) throws(LedgerRowError) {
        try self.init(
            payer: payer, job: job, task: task, replica: replica, worker: worker, usage: usage, quote: quote, payouts: payouts,
            charge: try Self.charge(usage, at: quote))
    }

    /// A charge for `usage` at `quote`, split by `split` among the accounts `accounts` names for
    /// each role (the burn account always for ``PayoutRecipient/burn``).
    public init(
        payer: AccountID, job: JobID, task: Int, replica: ReplicaID, worker: WorkerID, usage: Usage, quote: Quote,
        split: PayoutSplit, charity: CharityDirections = .none, accounts: (PayoutRecipient) -> AccountID
    ) throws(LedgerRowError) {
        let charge = try Self.charge(usage, at: quote)
        let payouts = split.split(charge, charity: charity).entries.map { entry in
            Payout(recipient: entry.recipient, account: entry.recipient == .burn ? SystemAccount.burn.id : accounts(entry.recipient),
                   amount: entry.amount)
        }
        try self.init(
            payer: payer, job: job, task: task, replica: replica, worker: worker, usage: usage, quote: quote, payouts: payouts,
            charge: charge)
    }

    /// Checks `payouts` against `charge` (the quote's charge for the usage) and keeps them.
    private init(
        payer: AccountID, job: JobID, task: Int, replica: ReplicaID, worker: WorkerID, usage: Usage, quote: Quote,
        payouts: [Payout], charge: Charge
    ) throws(LedgerRowError) {
        guard task >= 0 else { throw .negativeNumber(field: "task", task) }
        guard let first = payouts.first, first.recipient == .burn, first.account == SystemAccount.burn.id else {
            throw .burnNotFirst
        }
        guard first.amount == charge.burned else { throw .wrongBurn(expected: charge.burned, found: first.amount) }
        var sum = Int128(0)
        for payout in payouts {
            guard !payout.amount.isNegative else { throw .notPositive(field: "pay \(payout.recipient.rawValue)", payout.amount) }
            let (added, overflow) = sum.addingReportingOverflow(payout.amount.baseUnits)
            guard !overflow else { throw .chargeOverflow("the payouts' sum") }
            sum = added
        }
        guard sum == charge.total.baseUnits else { throw .payoutsDoNotAddUp(total: charge.total, sum: Amount(baseUnits: sum)) }
        self.payer = payer
        self.job = job
        self.task = task
        self.replica = replica
        self.worker = worker
        self.usage = usage
        self.quote = quote
        self.payouts = payouts
        self.total = charge.total
    }

    private static func charge(_ usage: Usage, at quote: Quote) throws(LedgerRowError) -> Charge {
        do {
            return try quote.charge(fuel: usage.fuel)
        } catch {
            throw .chargeOverflow(error.message)
        }
    }
}
