import Foundation
import GridCore
import GridDemo
import GridLedger
import Testing

@Suite("The demo renders, bills the job from the public ledger, and audits the ledger")
struct DemoTests {
    @Test func aSmallDemoBillsItsJobAndTheLedgerVerifies() async throws {
        var options = Demo.Options()
        options.width = 256
        options.height = 256
        options.workers = 2
        options.output = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: options.output) }
        let report = try await Demo.run(options) { _, _ in }
        #expect(report.tiles == 4 && report.verifiedTile.matches)
        let bill = report.bill
        #expect(bill.charges == 4 && bill.paid.baseUnits > 0 && bill.burned.baseUnits > 0)
        #expect(try bill.paid + bill.released == bill.held)
        #expect(try bill.perWorker.values.reduce(Amount.zero) { try $0 + $1 } == bill.paid)
        // The embedded workers bid the base fee (in whole base units): about half of each charge is
        // burned, the rest shared.
        #expect(bill.burned < bill.paid && bill.shares[.provider].map { $0.baseUnits > 0 } == true)
        #expect(report.audit.checkpoint.size == 7, "a mint, a hold, 4 charges, a release")
        #expect(report.audit.minted == Amount(baseUnits: 1000 * Amount.baseUnitsPerGRID))
    }

    @Test func aBillWhosePartsDoNotAddUpIsRefused() throws {
        let job = JobID()
        let hold = try LedgerRowView(LedgerRow(index: 0, milliseconds: 0, event: .hold(EscrowMove(account: AccountID(), job: job, amount: Amount(baseUnits: 10)))))
        let release = try LedgerRowView(LedgerRow(index: 1, milliseconds: 0, event: .release(EscrowMove(account: AccountID(), job: job, amount: Amount(baseUnits: 9)))))
        let error = #expect(throws: DemoError.self) { try JobBill(job: job, rows: [hold, release]) }
        #expect(error?.description.contains("0 GRID paid + 0.000000000000000009 GRID released is not the 0.00000000000000001 GRID held") == true,
                "\(error?.description ?? "")")
        var whole = release
        whole.amount = Amount(baseUnits: 10)
        #expect(try JobBill(job: job, rows: [hold, whole]).released == Amount(baseUnits: 10))

        // A charge whose payouts were altered on the way: the shares no longer make what was paid.
        let quote = try Quote(referencePrice: PricePerFuel(baseUnitsPerExafuel: PricePerFuel.fuelScale), demandMultiplier: .one, bid: .zero)
        let charge = try ReplicaCharge(
            payer: AccountID(), job: job, task: 0, replica: ReplicaID(), worker: WorkerID(),
            usage: .init(fuel: 4, bytesIn: 0, bytesOut: 0, wallMicroseconds: 1), quote: quote, split: .standard) { _ in AccountID() }
        var altered = try LedgerRowView(LedgerRow(index: 2, milliseconds: 0, event: .charge(charge)))
        altered.payouts![1].amount = Amount(baseUnits: 1)
        var paidHold = hold
        paidHold.amount = Amount(baseUnits: 13)
        let mismatch = #expect(throws: DemoError.self) { try JobBill(job: job, rows: [paidHold, altered, release]) }
        #expect(mismatch?.description.contains("the burn and the shares") == true, "\(mismatch?.description ?? "")")
    }
}
