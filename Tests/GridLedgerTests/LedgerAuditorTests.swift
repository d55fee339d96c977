import GridCore
import GridLedger
import Testing

@Suite("An auditor checks a log from its public data and names what was changed")
struct LedgerAuditorTests {
    static let alice = AccountID()
    static let ops = AccountID()
    static let job = JobID()

    /// `count` rows: a mint of 1,000, then holds of 1 and releases of 1 in turn.
    static func entries(_ count: Int) throws -> [[UInt8]] {
        try (0..<count).map { index in
            let event: LedgerEvent = switch index {
            case 0: .mint(try LedgerMint(account: alice, minter: ops, amount: Amount(baseUnits: 1000)))
            case let i where i % 2 == 1: .hold(try EscrowMove(account: alice, job: job, amount: Amount(baseUnits: 1)))
            default: .release(try EscrowMove(account: alice, job: job, amount: Amount(baseUnits: 1)))
            }
            return try LedgerRow(index: UInt64(index), milliseconds: 1000, event: event).encoded()
        }
    }

    static let signer = try! NoteSigner.generate(name: "test.example/ledger")

    @Test func aGoodLogVerifiesAndItsNextAuditChecksThatItOnlyGrew() async throws {
        let first = InMemoryLedgerSource(entries: try Self.entries(300), signer: Self.signer)
        let audit = try await LedgerAuditor(source: first).audit()
        #expect(audit.checkpoint.size == 300 && audit.previous == nil)
        #expect(audit.minted == Amount(baseUnits: 1000) && audit.burned == .zero)
        #expect(audit.balances[Self.alice] == AccountBalance(available: Amount(baseUnits: 999), held: Amount(baseUnits: 1)))

        let grown = InMemoryLedgerSource(entries: try Self.entries(301) , signer: Self.signer)
        let again = try await LedgerAuditor(source: grown, trustedKey: Self.signer.verifierKey).audit(since: audit.note)
        #expect(again.previous?.size == 300 && again.checkpoint.size == 301)
    }

    @Test func aRowChangedAfterItWasLoggedIsNamed() async throws {
        var log = InMemoryLedgerSource(entries: try Self.entries(300), signer: Self.signer)
        var changed = log.entries[257]
        changed[changed.count - 2] = UInt8(ascii: "2")   // the amount 1 becomes 2
        log.entries[257] = changed
        let error = await #expect(throws: LedgerAuditError.self) { try await LedgerAuditor(source: log).audit() }
        #expect(error?.row == 257, "\(error?.message ?? "")")
        #expect(error == .rowsDoNotMatchTiles(firstBadRow: 0))
    }

    @Test func aRowThatIsNotCanonicalOrOutOfPlaceIsNamed() async throws {
        var log = InMemoryLedgerSource(entries: try Self.entries(5), signer: Self.signer)
        log.entries[3] = try Self.entries(5)[2]
        let error = await #expect(throws: LedgerAuditError.self) { try await LedgerAuditor(source: log).audit() }
        #expect(error?.row == 3 && error?.message.contains("says it is row 2") == true)

        log.entries[3] = Array(String(decoding: try Self.entries(5)[3], as: UTF8.self).replacingOccurrences(of: "index 3", with: "index 03").utf8)
        let second = await #expect(throws: LedgerAuditError.self) { try await LedgerAuditor(source: log).audit() }
        #expect(second?.row == 3 && second?.message.contains("leading zeros") == true)
    }

    @Test func aRowThatSpendsWhatIsNotThereIsNamed() async throws {
        var entries = try Self.entries(3)
        entries[1] = try LedgerRow(
            index: 1, milliseconds: 1000, event: .hold(EscrowMove(account: Self.alice, job: JobID(), amount: Amount(baseUnits: 1001)))).encoded()
        let error = await #expect(throws: LedgerAuditError.self) {
            try await LedgerAuditor(source: InMemoryLedgerSource(entries: entries, signer: Self.signer)).audit()
        }
        #expect(error == .overspent(0, "") && error?.row == 1)
    }

    /// The audit decodes one run of 16 bundles (4,096 rows) while it replays the run before, so
    /// a fault in a later run must not be reported before an earlier one.
    @Test func faultsAreNamedInRowOrderAcrossTheRunsDecodedAhead() async throws {
        var entries = try Self.entries(9_000)
        entries[8_500] = Array("idlegrid-ledger-row 1\nindex 8500\n".utf8)
        let late = await #expect(throws: LedgerAuditError.self) {
            try await LedgerAuditor(source: InMemoryLedgerSource(entries: entries, signer: Self.signer)).audit()
        }
        #expect(late?.row == 8_500 && late?.message.contains("time") == true, "\(late?.message ?? "")")

        entries[5_000] = try LedgerRow(
            index: 5_000, milliseconds: 1000, event: .hold(EscrowMove(account: Self.alice, job: JobID(), amount: Amount(baseUnits: 5_000)))).encoded()
        let early = await #expect(throws: LedgerAuditError.self) {
            try await LedgerAuditor(source: InMemoryLedgerSource(entries: entries, signer: Self.signer)).audit()
        }
        #expect(early == .overspent(0, "") && early?.row == 5_000, "\(early?.message ?? "")")
    }

    @Test func aCheckpointOfAnotherKeyOrWithABadSignatureIsRefused() async throws {
        let log = InMemoryLedgerSource(entries: try Self.entries(4), signer: Self.signer)
        let other = try NoteSigner.generate(name: "test.example/ledger")
        await #expect(throws: LedgerAuditError.keyChanged(trusted: "", presented: "")) {
            try await LedgerAuditor(source: log, trustedKey: other.verifierKey).audit()
        }
        var forged = log
        let note = try await log.checkpoint()
        // One character of the signature changed.
        let signature = note.index(note.endIndex, offsetBy: -5)
        forged.note = note.replacingCharacters(in: signature...signature, with: note[signature] == "A" ? "B" : "A")
        await #expect(throws: LedgerAuditError.badCheckpoint(CancellationError())) {
            try await LedgerAuditor(source: forged).audit()
        }
    }

    @Test func aLogThatShrankOrWasRewrittenSinceTheLastAuditIsRefused() async throws {
        let audited = try await LedgerAuditor(source: InMemoryLedgerSource(entries: try Self.entries(10), signer: Self.signer)).audit()
        await #expect(throws: LedgerAuditError.shrank(from: 0, to: 0)) {
            try await LedgerAuditor(source: InMemoryLedgerSource(entries: try Self.entries(9), signer: Self.signer)).audit(since: audited.note)
        }
        // The same key signs a log whose row 4 was rewritten, entry and leaf alike, and which grew.
        var entries = try Self.entries(12)
        entries[4] = try LedgerRow(
            index: 4, milliseconds: 2000, event: .release(EscrowMove(account: Self.alice, job: JobID(), amount: Amount(baseUnits: 1)))).encoded()
        let rewritten = InMemoryLedgerSource(entries: entries, signer: Self.signer)
        let error = await #expect(throws: LedgerAuditError.self) { try await LedgerAuditor(source: rewritten).audit(since: audited.note) }
        #expect(error == .inconsistent(from: 0, to: 0, "") && error?.message.contains("10") == true)
    }
}
