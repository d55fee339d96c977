import GridCore

/// The canonical encoding of a row: the bytes of its log entry. It is documented byte for byte in
/// the README ("The ledger's rows, byte for byte") so anyone can write a verifier without our code.
///
/// UTF-8 text, one field per line: the key, one space, the value, a line feed (0x0A). The first
/// line is `idlegrid-ledger-row 1`; then `index`, `time`, `kind`, the kind's fields in a fixed
/// order, and `private` when the row has private columns. Numbers are decimal without sign or
/// leading zeros; ids are lowercase UUIDs; amounts are base units; prices are base units per
/// 10^18 fuel; the demand multiplier is in parts per 10^12. Exactly one encoding decodes to a
/// row, and decoding checks that a charge's derived fields (base fee, price, total) agree with
/// its parts.
extension LedgerRow {
    /// The first line's text.
    public static let header = headerLine.description
    /// The same, as the byte-level writer and reader take it.
    private static let headerLine: StaticString = "idlegrid-ledger-row 1"

    /// The row's log entry.
    public func encoded() -> [UInt8] {
        var entry = LedgerEntryWriter(header: Self.headerLine)
        entry.line("index", index)
        entry.line("time", time: milliseconds)
        entry.line("kind", event.kind.rawValue)
        switch event {
        case .mint(let mint):
            entry.line("account", mint.account)
            entry.line("minter", mint.minter)
            entry.line("amount", mint.amount)
        case .hold(let move), .release(let move):
            entry.line("account", move.account)
            entry.line("job", move.job)
            entry.line("amount", move.amount)
        case .posting(let posting):
            entry.line("side", posting.side.rawValue)
            entry.line("account", posting.account)
            entry.line("amount", posting.amount)
            entry.line("period", posting.period)
            entry.line("rows-from", posting.rows.lowerBound)
            entry.line("rows-to", posting.rows.upperBound)
            entry.line("root", posting.root.base64)
        case .charge(let charge):
            entry.line("payer", charge.payer)
            entry.line("job", charge.job)
            entry.line("task", UInt64(charge.task))
            entry.line("replica", charge.replica)
            entry.line("worker", charge.worker)
            entry.line("fuel", charge.usage.fuel)
            entry.line("bytes-in", charge.usage.bytesIn)
            entry.line("bytes-out", charge.usage.bytesOut)
            entry.line("wall-us", charge.usage.wallMicroseconds)
            entry.line("reference-price", charge.quote.referencePrice.baseUnitsPerExafuel)
            entry.line("demand-multiplier", charge.quote.demandMultiplier.partsPerTrillion)
            entry.line("base-fee", charge.quote.baseFee.baseUnitsPerExafuel)
            entry.line("bid", charge.quote.bid.baseUnitsPerExafuel)
            entry.line("price", charge.quote.price.baseUnitsPerExafuel)
            entry.line("total", charge.total)
            for payout in charge.payouts {
                entry.line("pay", payout.recipient.rawValue, payout.account, payout.amount)
            }
        }
        if let privateHash { entry.line("private", privateHash.hex) }
        return entry.bytes
    }

    /// Reads a row from its log entry; refused, naming the line and what was expected, unless the
    /// bytes are exactly the canonical encoding of a valid row.
    public init(decoding entry: some Collection<UInt8>) throws(LedgerRowError) {
        var reader = try LedgerEntryReader(entry)
        guard reader.line(is: Self.headerLine) else { throw .badHeader }
        let index = try reader.number("index")
        let milliseconds = try reader.time("time")
        let kindText = try reader.value("kind")
        guard let kind = LedgerEvent.Kind(rawValue: kindText) else { throw .unknownKind(kindText) }
        let event: LedgerEvent
        switch kind {
        case .mint:
            event = .mint(try LedgerMint(
                account: try reader.identifier("account"), minter: try reader.identifier("minter"),
                amount: try reader.amount("amount")))
        case .hold, .release:
            let move = try EscrowMove(
                account: try reader.identifier("account"), job: try reader.identifier("job"), amount: try reader.amount("amount"))
            event = kind == .hold ? .hold(move) : .release(move)
        case .charge:
            event = .charge(try Self.decodeCharge(&reader))
        case .posting:
            event = .posting(try Self.decodePosting(&reader))
        }
        var privateHash: ContentHash?
        if !reader.isAtEnd {
            privateHash = try reader.hexHash("private")
        }
        guard reader.isAtEnd else { throw .trailingLines(line: reader.lineNumber + 1) }
        try self.init(index: index, milliseconds: milliseconds, event: event, privateHash: privateHash)
    }

    private static func decodePosting(_ reader: inout LedgerEntryReader) throws(LedgerRowError) -> SettlementPosting {
        let sideText = try reader.value("side")
        guard let side = SettlementPosting.Side(rawValue: sideText) else {
            throw .malformed(field: "side", reason: SettlementPosting.Side.allCases.map(\.rawValue).joined(separator: " or "))
        }
        let account: AccountID = try reader.identifier("account")
        let amount = try reader.amount("amount")
        let period = try reader.number("period")
        let from = try reader.number("rows-from")
        let to = try reader.number("rows-to")
        guard from <= to else { throw .malformed(field: "rows-to", reason: "a row index at least rows-from (\(from))") }
        let rootText = try reader.value("root")
        guard let root = try? MerkleHash(base64: rootText), root.base64 == rootText else {
            throw .malformed(field: "root", reason: "a SHA-256 hash in standard base64 with padding")
        }
        return try SettlementPosting(side: side, account: account, amount: amount, period: period, rows: from..<to, root: root)
    }

    private static func decodeCharge(_ reader: inout LedgerEntryReader) throws(LedgerRowError) -> ReplicaCharge {
        let payer: AccountID = try reader.identifier("payer")
        let job: JobID = try reader.identifier("job")
        let task = try reader.number("task")
        guard task <= UInt64(Int.max) else { throw .malformed(field: "task", reason: "a task index") }
        let replica: ReplicaID = try reader.identifier("replica")
        let worker: WorkerID = try reader.identifier("worker")
        let usage = ReplicaCharge.Usage(
            fuel: try reader.number("fuel"), bytesIn: try reader.number("bytes-in"), bytesOut: try reader.number("bytes-out"),
            wallMicroseconds: try reader.number("wall-us"))
        let quote: Quote
        do {
            let reference = try PricePerFuel(baseUnitsPerExafuel: try reader.wide("reference-price"))
            let multiplier = try DemandMultiplier(partsPerTrillion: try reader.wide("demand-multiplier"))
            let baseFee = try reader.wide("base-fee")
            let bid = try PricePerFuel(baseUnitsPerExafuel: try reader.wide("bid"))
            quote = try Quote(referencePrice: reference, demandMultiplier: multiplier, bid: bid)
            guard quote.baseFee.baseUnitsPerExafuel == baseFee else {
                throw LedgerRowError.derivedMismatch(field: "base-fee", expected: String(quote.baseFee.baseUnitsPerExafuel))
            }
        } catch let error as LedgerRowError {
            throw error
        } catch let error as PricingError {
            throw .malformed(field: error.field ?? "price", reason: error.message)
        } catch {
            throw .malformed(field: "price", reason: "\(error)")
        }
        guard try reader.wide("price") == quote.price.baseUnitsPerExafuel else {
            throw .derivedMismatch(field: "price", expected: String(quote.price.baseUnitsPerExafuel))
        }
        let total = try reader.amount("total")
        var payouts: [ReplicaCharge.Payout] = []
        while reader.next(is: "pay") {
            let parts = try reader.values("pay")
            guard parts.count == 3, let recipient = PayoutRecipient(rawValue: String(decoding: parts[0], as: UTF8.self)) else {
                throw .malformed(field: "pay", reason: "a role (\(PayoutRecipient.allCases.map(\.rawValue).joined(separator: ", "))), an account and an amount")
            }
            payouts.append(.init(
                recipient: recipient, account: try LedgerEntryReader.identifier(parts[1], field: "pay"),
                amount: try LedgerEntryReader.amount(parts[2], field: "pay")))
        }
        let charge = try ReplicaCharge(
            payer: payer, job: job, task: Int(task), replica: replica, worker: worker, usage: usage, quote: quote, payouts: payouts)
        guard charge.total == total else { throw .derivedMismatch(field: "total", expected: charge.total.baseUnitsString) }
        return charge
    }
}
