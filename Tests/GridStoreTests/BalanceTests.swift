import Foundation
import GridCore
import GridStore
import SQLKit
import Testing

@Suite("Balances and deposits")
struct BalanceTests {
    static let grid = Amount.baseUnitsPerGRID

    @Test("a new account holds nothing; a deposit adds to available, is recorded, and the supply still adds up")
    func depositIsRecordedAndConserved() async throws {
        try await withTemporaryStore { store in
            let ops = Sample.account("ops", role: .operator)
            let alice = Sample.account()
            try await store.createAccount(ops, apiKeyHash: Sample.keyHash())
            try await store.createAccount(alice, apiKeyHash: Sample.keyHash())
            #expect(try await store.balance(of: alice.id) == AccountBalance())
            #expect(try await store.accountCount() == 2, "the system accounts are not counted")

            let first = try await store.mint(NewDeposit(amount: Amount(baseUnits: 5 * Self.grid), memo: "opening"), to: alice.id, by: ops.id, at: Sample.date(1_000))
            #expect(first.balance.available == Amount(baseUnits: 5 * Self.grid))
            #expect(first.event.kind == .mint && first.event.by == ops.id && first.event.memo == "opening")
            let second = try await store.mint(NewDeposit(amount: Amount(baseUnits: 1)), to: alice.id, by: ops.id, at: Sample.date(2_000))
            #expect(second.event.index > first.event.index)
            #expect(try await store.balance(of: alice.id)?.available == Amount(baseUnits: 5 * Self.grid + 1))

            let history = try await store.moneyEvents(of: alice.id, before: nil, limit: 10)
            #expect(history == [second.event, first.event], "newest first, read back as written")
            #expect(try await store.moneyEvents(of: alice.id, before: second.event.index, limit: 10) == [first.event])
            let minted = try await store.moneyEvents(of: ops.id, before: nil, limit: 10)
            #expect(minted.map(\.index) == [second.event.index, first.event.index], "the operator sees the deposits it made")
            #expect(minted.allSatisfy { $0.change.isZero && $0.by == ops.id }, "which do not change its own balance")

            let supply = try await store.moneySupply()
            #expect(supply.minted == Amount(baseUnits: 5 * Self.grid + 1))
            #expect(supply.burned == .zero)
            #expect(supply.isConserved)
        }
    }

    @Test("deposits that cannot be made change nothing: zero, negative, an unknown or system account, an overflowing balance")
    func badDepositsChangeNothing() async throws {
        try await withTemporaryStore { store in
            let ops = Sample.account("ops", role: .operator)
            let alice = Sample.account()
            try await store.createAccount(ops, apiKeyHash: Sample.keyHash())
            try await store.createAccount(alice, apiKeyHash: Sample.keyHash())
            _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: Int128.max - 10)), to: alice.id, by: ops.id, at: Sample.date(1))
            let before = try await store.moneySupply()

            for amount in [Amount.zero, Amount(baseUnits: -1)] {
                await #expect(throws: StoreError.invalidRecord("")) {
                    try await store.mint(NewDeposit(amount: amount), to: alice.id, by: ops.id, at: Sample.date(2))
                }
            }
            await #expect(throws: StoreError.invalidRecord("")) {
                try await store.mint(NewDeposit(amount: Amount(baseUnits: 11)), to: alice.id, by: ops.id, at: Sample.date(2))
            }
            for account in [AccountID(), SystemAccount.burn.id, SystemAccount.treasury.id] {
                await #expect(throws: StoreError.missingReference("")) {
                    try await store.mint(NewDeposit(amount: Amount(baseUnits: 1)), to: account, by: ops.id, at: Sample.date(2))
                }
            }
            #expect(try await store.moneySupply() == before)
            #expect(try await store.moneyEvents(of: alice.id, before: nil, limit: 10).count == 1)
            #expect(before.isConserved)
        }
    }

    @Test("a balance changed behind the coordinator's back breaks conservation, and bad stored text is a clear error")
    func tamperingIsSeen() async throws {
        try await withTemporaryStore { store in
            let ops = Sample.account("ops", role: .operator)
            let alice = Sample.account()
            try await store.createAccount(ops, apiKeyHash: Sample.keyHash())
            try await store.createAccount(alice, apiKeyHash: Sample.keyHash())
            _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: 100)), to: alice.id, by: ops.id, at: Sample.date(1))
            try await store.run { database in
                try await database.raw("UPDATE balances SET available = '101' WHERE account_id = \(bind: alice.id.description)").run()
            }
            #expect(try await store.moneySupply().isConserved == false)
            try await store.run { database in
                try await database.raw("UPDATE balances SET held = '1.5' WHERE account_id = \(bind: alice.id.description)").run()
            }
            await #expect(throws: StoreError.corruptRow(table: "balances", column: "held", detail: "")) {
                try await store.balance(of: alice.id)
            }
        }
    }

    @Test("the system accounts are in every store, with their fixed ids")
    func systemAccountsExist() async throws {
        try await withTemporaryStore { store in
            for system in SystemAccount.allCases {
                let balance = try await store.balance(of: system.id)
                #expect(balance == AccountBalance(), "\(system)")
            }
        }
    }
}

@Suite("Balances: migrating a store that has accounts")
struct BalanceMigrationTests {
    @Test("accounts made before balances existed get a zero balance; the system accounts are added")
    func existingAccountsGetABalance() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        do {
            try await store.migrate(Array(StoreMigration.all.prefix { $0.name != "0009-balances" }))
            let alice = Sample.account()
            try await store.run { database in
                try await database.insert(into: "accounts").columns("id", "name", "role", "created_at")
                    .values(SQLBind(alice.id.description), SQLBind(alice.name), SQLBind(alice.role.rawValue), SQLBind(123)).run()
            }
            try await store.migrate()
            #expect(try await store.balance(of: alice.id) == AccountBalance())
            #expect(try await store.balance(of: SystemAccount.rewardPool.id) == AccountBalance())
            #expect(try await store.accountCount() == 1)
            #expect(try await store.moneySupply().isConserved)
        } catch {
            try await store.close()
            throw error
        }
        try await store.close()
    }
}
