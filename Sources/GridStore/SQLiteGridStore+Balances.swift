public import Foundation
public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// The account's balance, or nil when there is no such account.
    public func balance(of account: AccountID) async throws -> AccountBalance? {
        try await run { database in try await Self.balance(of: account, on: database) }
    }

    /// Mints `deposit.amount` onto the account's available balance and records it, in one
    /// transaction.
    ///
    /// - Throws: ``StoreError/missingReference(_:)`` for an unknown or system account;
    ///   ``StoreError/invalidRecord(_:)`` for an amount that is not above zero, or a balance that
    ///   would leave the `Int128` range.
    public func mint(_ deposit: NewDeposit, to account: AccountID, by minter: AccountID, at date: Date) async throws -> DepositMade {
        guard deposit.amount.baseUnits > 0 else { throw StoreError.invalidRecord("a deposit must be above zero, not \(deposit.amount.baseUnitsString) base units") }
        let milliseconds = try StoredValue.milliseconds(date, field: "at")
        return try await transaction { database in
            guard !SystemAccount.allCases.contains(where: { $0.id == account }),
                  var balance = try await Self.balance(of: account, on: database) else {
                throw StoreError.missingReference("account \(account)")
            }
            do {
                balance.available = try balance.available + deposit.amount
            } catch {
                throw StoreError.invalidRecord("the deposit would take the balance past what an amount can hold: \(error)")
            }
            try await database.update("balances").set("available", to: balance.available.baseUnitsString)
                .where("account_id", .equal, account.description).run()
            let row = try await database.insert(into: "money_events")
                .columns("at", "kind", "account_id", "amount", "by_account", "memo")
                .values(SQLBind(milliseconds), SQLBind(MoneyEvent.Kind.mint.rawValue), SQLBind(account.description),
                        SQLBind(deposit.amount.baseUnitsString), SQLBind(minter.description), SQLBind(deposit.memo))
                .returning("seq")
                .first()
            let sequence = try row.map { try StoredRow(row: $0, table: "money_events").int("seq") } ?? 0
            let event = MoneyEvent(
                sequence: sequence, at: Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000), kind: .mint,
                account: account, amount: deposit.amount, by: minter, memo: deposit.memo)
            return DepositMade(event: event, balance: balance)
        }
    }

    /// The account's balance changes, newest first: at most `limit`, all before the sequence
    /// number `before` when it is given.
    public func moneyEvents(of account: AccountID, before: Int?, limit: Int) async throws -> [MoneyEvent] {
        try await run { database in
            var query = database.select().columns("seq", "at", "kind", "account_id", "amount", "by_account", "memo")
                .from("money_events").where("account_id", .equal, account.description)
            if let before { query = query.where("seq", .lessThan, before) }
            return try await query.orderBy("seq", .descending).limit(limit).all().map(Self.moneyEvent)
        }
    }

    /// All GRID at once: minted, burned, and held by every other account.
    public func moneySupply() async throws -> MoneySupply {
        try await run { database in
            var minted = Amount.zero
            for row in try await database.select().column("amount").from("money_events")
                .where("kind", .equal, MoneyEvent.Kind.mint.rawValue).all() {
                minted = try minted + StoredRow(row: row, table: "money_events").amount("amount")
            }
            var burned = Amount.zero
            var held = Amount.zero
            for row in try await database.select().columns("account_id", "available", "held", "pending", "staked").from("balances").all() {
                let stored = StoredRow(row: row, table: "balances")
                let total = try Self.balance(stored).total()
                if try stored.identifier("account_id", as: AccountID.self) == SystemAccount.burn.id {
                    burned = total
                } else {
                    held = try held + total
                }
            }
            return MoneySupply(minted: minted, burned: burned, held: held)
        }
    }

    /// A zero balance for a new account, written with the account.
    static func insertEmptyBalance(for account: AccountID, on database: any SQLDatabase) async throws {
        try await database.insert(into: "balances")
            .columns("account_id", "available", "held", "pending", "staked")
            .values(SQLBind(account.description), SQLBind("0"), SQLBind("0"), SQLBind("0"), SQLBind("0"))
            .run()
    }

    private static func balance(of account: AccountID, on database: any SQLDatabase) async throws -> AccountBalance? {
        try await database.select().columns("available", "held", "pending", "staked").from("balances")
            .where("account_id", .equal, account.description).first()
            .map { try balance(StoredRow(row: $0, table: "balances")) }
    }

    private static func balance(_ stored: StoredRow) throws(StoreError) -> AccountBalance {
        AccountBalance(
            available: try stored.amount("available"), held: try stored.amount("held"),
            pending: try stored.amount("pending"), staked: try stored.amount("staked"))
    }

    private static func moneyEvent(_ row: any SQLRow) throws -> MoneyEvent {
        let stored = StoredRow(row: row, table: "money_events")
        return MoneyEvent(
            sequence: try stored.int("seq"), at: try stored.date("at"), kind: try stored.enumeration("kind"),
            account: try stored.identifier("account_id"), amount: try stored.amount("amount"),
            by: try stored.optionalIdentifier("by_account"), memo: try stored.optionalString("memo"))
    }
}
