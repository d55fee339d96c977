public import GridCore

/// A row's public columns for people and JSON (`GET /v1/ledger/rows`): the same fields as the
/// canonical encoding, with amounts and prices as decimal strings. The log entry, not this view,
/// is what the tree hashes.
public struct LedgerRowView: Sendable, Hashable, Codable {
    /// One part of a charge.
    public struct Payout: Sendable, Hashable, Codable {
        /// The role it is paid in (`burn`, `provider`, `developer`, `operator`, or a charity).
        public var recipient: String
        /// The account paid.
        public var account: AccountID
        /// Base units.
        public var amount: Amount
    }

    public var index: UInt64
    /// UTC, to the millisecond, as the encoding writes it.
    public var time: String
    public var kind: LedgerEvent.Kind
    public var account: AccountID?
    public var minter: AccountID?
    public var amount: Amount?
    public var payer: AccountID?
    public var job: JobID?
    public var task: Int?
    public var replica: ReplicaID?
    public var worker: WorkerID?
    public var fuel: UInt64?
    public var bytesIn: UInt64?
    public var bytesOut: UInt64?
    public var wallMicroseconds: UInt64?
    public var referencePrice: PricePerFuel?
    public var demandMultiplierPartsPerTrillion: String?
    public var baseFee: PricePerFuel?
    public var bid: PricePerFuel?
    public var price: PricePerFuel?
    public var total: Amount?
    public var payouts: [Payout]?
    /// A posting's side: `payer` or `payee`.
    public var side: SettlementPosting.Side?
    /// A posting's settlement period (periods since 1970).
    public var period: UInt64?
    /// The first of the rows a posting sums.
    public var rowsFrom: UInt64?
    /// The end (exclusive) of the rows a posting sums.
    public var rowsTo: UInt64?
    /// The log's root at `rowsTo` rows, base64.
    public var root: String?
    /// SHA-256 of the private columns, hex.
    public var `private`: String?

    /// The view of a row.
    public init(_ row: LedgerRow) {
        index = row.index
        time = LedgerTime.format(row.milliseconds)
        kind = row.event.kind
        `private` = row.privateHash?.hex
        switch row.event {
        case .mint(let mint):
            account = mint.account
            minter = mint.minter
            amount = mint.amount
        case .hold(let move), .release(let move):
            account = move.account
            job = move.job
            amount = move.amount
        case .posting(let posting):
            side = posting.side
            account = posting.account
            amount = posting.amount
            period = posting.period
            rowsFrom = posting.rows.lowerBound
            rowsTo = posting.rows.upperBound
            root = posting.root.base64
        case .charge(let charge):
            payer = charge.payer
            job = charge.job
            task = charge.task
            replica = charge.replica
            worker = charge.worker
            fuel = charge.usage.fuel
            bytesIn = charge.usage.bytesIn
            bytesOut = charge.usage.bytesOut
            wallMicroseconds = charge.usage.wallMicroseconds
            referencePrice = charge.quote.referencePrice
            demandMultiplierPartsPerTrillion = String(charge.quote.demandMultiplier.partsPerTrillion)
            baseFee = charge.quote.baseFee
            bid = charge.quote.bid
            price = charge.quote.price
            total = charge.total
            payouts = charge.payouts.map { Payout(recipient: $0.recipient.rawValue, account: $0.account, amount: $0.amount) }
        }
    }
}
