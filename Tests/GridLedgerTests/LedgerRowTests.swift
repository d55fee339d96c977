import GridCore
import GridLedger
import Testing

@Suite("A ledger row has exactly one encoding, and any other bytes are refused naming the line")
struct LedgerRowTests {
    static let alice = AccountID("11111111-1111-4111-8111-111111111111")!
    static let ops = AccountID("22222222-2222-4222-8222-222222222222")!
    static let provider = AccountID("33333333-3333-4333-8333-333333333333")!
    static let job = JobID("44444444-4444-4444-8444-444444444444")!
    static let replica = ReplicaID("55555555-5555-4555-8555-555555555555")!
    static let worker = WorkerID("66666666-6666-4666-8666-666666666666")!

    static func charge() throws -> ReplicaCharge {
        let quote = try Quote(
            referencePrice: PricePerFuel(baseUnitsPerExafuel: 1_000_000 * PricePerFuel.fuelScale), demandMultiplier: .one,
            bid: PricePerFuel(baseUnitsPerExafuel: 500_000 * PricePerFuel.fuelScale))
        return try ReplicaCharge(
            payer: alice, job: job, task: 3, replica: replica, worker: worker,
            usage: .init(fuel: 1_001, bytesIn: 2, bytesOut: 6, wallMicroseconds: 70), quote: quote, split: .standard
        ) { recipient in recipient == .provider ? provider : recipient == .developer ? alice : ops }
    }

    static func rows() throws -> [LedgerRow] {
        [
            try LedgerRow(index: 0, milliseconds: 0, event: .mint(LedgerMint(account: alice, minter: ops, amount: Amount(baseUnits: 5))),
                          privateHash: ContentHash(of: [1])),
            try LedgerRow(index: 1, milliseconds: 951_782_400_123, event: .hold(EscrowMove(account: alice, job: job, amount: Amount(baseUnits: 9)))),
            try LedgerRow(index: 2, milliseconds: 1_764_610_926_999, event: .charge(charge())),
            try LedgerRow(index: 3, milliseconds: 253_402_300_799_999, event: .release(EscrowMove(account: alice, job: job, amount: Amount(baseUnits: 1)))),
        ]
    }

    @Test func everyKindDecodesToItselfAndReencodesToTheSameBytes() throws {
        for row in try Self.rows() {
            let entry = row.encoded()
            let decoded = try LedgerRow(decoding: entry)
            #expect(decoded == row)
            #expect(decoded.encoded() == entry)
        }
    }

    /// Amounts and prices past 2^64 (written 19 digits at a time) and times across the whole range.
    @Test func randomRowsOfEveryWidthReadBackToThemselves() throws {
        var random = SystemRandomNumberGenerator()
        for index in 0..<2_000 {
            let wide = Int128(UInt64.random(in: 1...UInt64.max, using: &random)) << Int.random(in: 0...62, using: &random)
            let amount = Amount(baseUnits: [1, 10, Int128(UInt64.max), Int128(UInt64.max) + 1, wide][index % 5])
            let event: LedgerEvent = index % 2 == 0
                ? .mint(try LedgerMint(account: AccountID(), minter: AccountID(), amount: amount))
                : .charge(try ReplicaCharge(
                    payer: AccountID(), job: JobID(), task: Int.random(in: 0...Int.max, using: &random), replica: ReplicaID(), worker: WorkerID(),
                    usage: .init(fuel: UInt64.random(in: 0...1 << 40, using: &random), bytesIn: .max, bytesOut: 0, wallMicroseconds: 1),
                    quote: try Quote(
                        referencePrice: PricePerFuel(baseUnitsPerExafuel: Int128(UInt32.random(in: 1...UInt32.max, using: &random)) * PricePerFuel.fuelScale),
                        demandMultiplier: .one, bid: PricePerFuel(baseUnitsPerExafuel: wide)),
                    split: .standard) { _ in AccountID() })
            let row = try LedgerRow(
                index: UInt64.random(in: 0...UInt64.max, using: &random), milliseconds: Int64.random(in: 0...253_402_300_799_999, using: &random),
                event: event, privateHash: index % 3 == 0 ? ContentHash(of: [UInt8(index & 0xFF)]) : nil)
            let entry = row.encoded()
            #expect(try LedgerRow(decoding: entry) == row)
            #expect(String(decoding: entry, as: UTF8.self).contains("\namount \(amount.baseUnits)\n") || index % 2 == 1)
        }
    }

    @Test func theBytesAreTheDocumentedOnes() throws {
        let mint = try Self.rows()[0]
        #expect(String(decoding: mint.encoded(), as: UTF8.self) == """
            idlegrid-ledger-row 1
            index 0
            time 1970-01-01T00:00:00.000Z
            kind mint
            account 11111111-1111-4111-8111-111111111111
            minter 22222222-2222-4222-8222-222222222222
            amount 5
            private \(ContentHash(of: [1]).hex)

            """)
        let charge = String(decoding: try Self.rows()[2].encoded(), as: UTF8.self)
        // 1,001 fuel at 1.5M base units per fuel; the base fee's 1,001,000,000 is burned; the rest
        // 500,500,000 is split 75/5/20.
        #expect(charge.contains("time 2025-12-01T17:42:06.999Z\n"))
        #expect(charge.contains("\ntotal 1501500000\npay burn 00000000-0000-4000-8000-000000000001 1001000000\n"))
        #expect(charge.contains("\npay provider 33333333-3333-4333-8333-333333333333 375375000\n"))
        #expect(charge.contains("\npay developer 11111111-1111-4111-8111-111111111111 25025000\n"))
        #expect(charge.hasSuffix("\npay operator 22222222-2222-4222-8222-222222222222 100100000\n"))
        #expect(String(decoding: try Self.rows()[1].encoded(), as: UTF8.self).contains("time 2000-02-29T00:00:00.123Z\n"))
        #expect(String(decoding: try Self.rows()[3].encoded(), as: UTF8.self).contains("time 9999-12-31T23:59:59.999Z\n"))
    }

    /// Each case changes one thing in a valid entry; `message` is part of what the error says.
    @Test(arguments: [
        ("index 2\n", "index 02\n", "leading zeros"),
        ("index 2\n", "index +2\n", "without sign"),
        ("kind charge\n", "kind refund\n", "refund"),
        ("time 2025-12-01T17:42:06.999Z\n", "time 2025-02-30T17:42:06.999Z\n", "UTC time"),
        ("time 2025-12-01T17:42:06.999Z\n", "time 2025-12-01 17:42:06.999Z\n", "UTC time"),
        ("payer 11111111-1111-4111-8111-111111111111\n", "payer 11111111-1111-4111-8111-11111111111A\n", "lowercase UUID"),
        ("fuel 1001\n", "fuel  1001\n", "one space"),
        ("total 1501500000\n", "total 1501500001\n", "total"),
        ("price 1500000000000000000000000\n", "price 1500000000000000000000001\n", "price"),
        ("base-fee 1000000000000000000000000\n", "base-fee 999999999999999999999999\n", "base-fee"),
        ("pay provider 33333333-3333-4333-8333-333333333333 375375000\n", "pay provider 33333333-3333-4333-8333-333333333333 375375001\n", "sum to"),
        ("pay burn 00000000-0000-4000-8000-000000000001 1001000000\n", "pay burn 00000000-0000-4000-8000-000000000001 1001000001\n", "burn"),
        ("pay developer ", "pay stranger ", "a role"),
        ("replica 55555555-5555-4555-8555-555555555555\nworker", "worker", "'replica' field"),
    ])
    func aChangedEntryIsRefusedNamingWhatIsWrong(original: String, changed: String, message: String) throws {
        let text = String(decoding: try Self.rows()[2].encoded(), as: UTF8.self)
        #expect(text.contains(original))
        let error = #expect(throws: LedgerRowError.self) {
            try LedgerRow(decoding: Array(text.replacingOccurrences(of: original, with: changed).utf8))
        }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func framingMistakesAreRefused() throws {
        let entry = try Self.rows()[0].encoded()
        let text = String(decoding: entry, as: UTF8.self)
        #expect(throws: LedgerRowError.missingFinalLineFeed) { try LedgerRow(decoding: entry.dropLast()) }
        #expect(throws: LedgerRowError.self) { try LedgerRow(decoding: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)) }
        #expect(throws: LedgerRowError.badHeader) { try LedgerRow(decoding: Array(text.replacingOccurrences(of: "row 1", with: "row 2").utf8)) }
        #expect(throws: LedgerRowError.trailingLines(line: 0)) { try LedgerRow(decoding: entry + Array("memo hi\n".utf8)) }
        #expect(throws: LedgerRowError.notUTF8) { try LedgerRow(decoding: [0xFF, 0x0A]) }
        #expect(throws: LedgerRowError.missingField("")) { try LedgerRow(decoding: Array("idlegrid-ledger-row 1\nindex 0\n".utf8)) }
    }

    @Test func privateColumnsReadBackAndAChangedByteBreaksTheirHash() throws {
        let columns = LedgerPrivateColumns([("memo", "invoice 7"), ("module", "ab")])
        let bytes = columns.encoded()
        let read = try #require(LedgerPrivateColumns(decoding: bytes))
        #expect(read == columns && read.hash == columns.hash && read["memo"] == "invoice 7")
        #expect(LedgerPrivateColumns([("memo", "invoice 7")]).salt != LedgerPrivateColumns([("memo", "invoice 7")]).salt)
        var changed = bytes
        changed[changed.count - 2] ^= 1
        #expect(LedgerPrivateColumns(decoding: changed).map { $0.hash != columns.hash } ?? true)
        #expect(LedgerPrivateColumns(decoding: Array("not columns\n".utf8)) == nil)
        // Unicode's control characters (Cc) become U+FFFD, so a value stays on its line; others stay.
        let odd = LedgerPrivateColumns([("memo", "a\nb\u{7F}c\u{85}d\u{200B}é")])
        #expect(odd["memo"] == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{200B}é")
        #expect(LedgerPrivateColumns(decoding: odd.encoded()) == odd)
    }

    @Test func chargesWhosePartsDoNotAddUpCannotBeMade() throws {
        let charge = try Self.charge()
        var payouts = charge.payouts
        payouts[1] = .init(recipient: payouts[1].recipient, account: payouts[1].account, amount: Amount(baseUnits: payouts[1].amount.baseUnits + 1))
        #expect(throws: LedgerRowError.payoutsDoNotAddUp(total: .zero, sum: .zero)) {
            try ReplicaCharge(payer: Self.alice, job: Self.job, task: 3, replica: Self.replica, worker: Self.worker,
                              usage: charge.usage, quote: charge.quote, payouts: payouts)
        }
        #expect(throws: LedgerRowError.burnNotFirst) {
            try ReplicaCharge(payer: Self.alice, job: Self.job, task: 3, replica: Self.replica, worker: Self.worker,
                              usage: charge.usage, quote: charge.quote, payouts: Array(charge.payouts.reversed()))
        }
        #expect(throws: LedgerRowError.timeOutOfRange(0)) {
            try LedgerRow(index: 0, milliseconds: -1, event: .charge(charge))
        }
        #expect(throws: LedgerRowError.notPositive(field: "", .zero)) {
            try LedgerMint(account: Self.alice, minter: Self.ops, amount: .zero)
        }
    }
}
