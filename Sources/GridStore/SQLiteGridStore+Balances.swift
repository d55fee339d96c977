public import Foundation
public import GridCore
import GridLedger
import SQLKit

extension SQLiteGridStore {
    /// The account's balance, or nil when there is no such account.
    public func balance(of account: AccountID) async throws -> AccountBalance? {
        try await read { database in try await Self.balance(of: account, on: database) }
    }

    /// Mints `deposit.amount` onto the account's available balance and appends the mint to the
    /// ledger, in one transaction. The memo is a private column of the row.
    ///
    /// - Throws: ``StoreError/missingReference(_:)`` for an unknown or system account;
    ///   ``StoreError/invalidRecord(_:)`` for an amount that is not above zero, or a balance that
    ///   would leave the `Int128` range.
    public func mint(_ deposit: NewDeposit, to account: AccountID, by minter: AccountID, at date: Date) async throws -> DepositMade {
        let mint: LedgerMint
        do {
            mint = try LedgerMint(account: account, minter: minter, amount: deposit.amount)
        } catch {
            throw StoreError.invalidRecord("a deposit must be above zero, not \(deposit.amount.baseUnitsString) base units")
        }
        let milliseconds = try StoredValue.milliseconds(date, field: "at")
        let (connection, signer) = (self.connection, self.ledgerSigner.withLock { $0 })
        let (record, balance) = try await transaction { database in
            guard !SystemAccount.allCases.contains(where: { $0.id == account }),
                  try await Self.balance(of: account, on: database) != nil else {
                throw StoreError.missingReference("account \(account)")
            }
            let pending = PendingEvent(
                milliseconds: milliseconds, event: .mint(mint), private: deposit.memo.map { LedgerPrivateColumns([("memo", $0)]) })
            let records = try await Self.appendLedger([pending], on: database, connection: connection, signer: signer)
            return (records[0], try await Self.balance(of: account, on: database)!)
        }
        return DepositMade(event: record.moneyEvent(for: account), balance: balance)
    }

    /// The account's history: the ledger rows that concern it, newest first, at most `limit`,
    /// all before index `before` when it is given.
    public func moneyEvents(of account: AccountID, before: UInt64?, limit: Int) async throws -> [MoneyEvent] {
        try await ledgerRecords(of: account, before: before, limit: limit).map { $0.moneyEvent(for: account) }
    }

    /// All GRID at once: minted (the sum of the ledger's mints), burned (the burn account's
    /// balance), and held by every other account.
    public func moneySupply() async throws -> MoneySupply {
        try await read(snapshot: true) { database in
            var minted = Amount.zero
            for row in try await database.select().columns("idx", "entry").from("ledger_rows")
                .where("kind", .equal, LedgerEvent.Kind.mint.rawValue).all() {
                let stored = StoredRow(row: row, table: "ledger_rows")
                guard case .mint(let mint) = try? LedgerRow(decoding: try stored.bytes("entry")).event else {
                    throw StoreError.corruptRow(table: "ledger_rows", column: "entry", detail: "row \(try stored.int("idx")) is not a mint")
                }
                minted = try minted + mint.amount
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

    /// Every stored account's balance, system accounts included.
    public func allBalances() async throws -> [AccountID: AccountBalance] {
        try await read { database in
            var found: [AccountID: AccountBalance] = [:]
            for row in try await database.select().columns("account_id", "available", "held", "pending", "staked").from("balances").all() {
                let stored = StoredRow(row: row, table: "balances")
                found[try stored.identifier("account_id")] = try Self.balance(stored)
            }
            return found
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

    static func balance(_ stored: StoredRow) throws(StoreError) -> AccountBalance {
        AccountBalance(
            available: try stored.amount("available"), held: try stored.amount("held"),
            pending: try stored.amount("pending"), staked: try stored.amount("staked"))
    }
}
