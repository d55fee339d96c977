import Foundation
import GridCore
import GridStore
import Hummingbird

/// Balances: `GET /v1/accounts/me` (the caller's balance and history),
/// `POST /v1/accounts/{id}/deposits` (an operator mints GRID onto an account), and
/// `PUT`/`DELETE /v1/accounts/me/charity` (what a beneficiary gives to a charity).
///
/// Every change to a balance is a ledger row written in the same transaction that makes it, so
/// an account's history (the rows that concern it, as ``MoneyEvent``s) always explains its balance.
extension ClientAPI {
    func registerMoneyRoutes(on v1: RouterGroup<GridRequestContext>) {
        v1.get("accounts/me") { request, context in try await statement(request, context) }
        v1.post("accounts/:id/deposits") { request, context in try await deposit(request, context) }
        v1.put("accounts/me/charity") { request, context in try await setCharity(request, context) }
        v1.delete("accounts/me/charity") { _, context in
            let account = try Self.beneficiary(context)
            try await store.setCharityDirection(nil, for: account.id)
            await broker.setCharity(nil, for: account.id)
            return Response(status: .noContent)
        }
    }

    /// The caller, when its account can earn shares: every role but charities and the system's.
    private static func beneficiary(_ context: GridRequestContext) throws -> AccountRecord {
        let account = try context.requireAccount()
        guard account.role != .charity, account.role != .system else {
            throw Problem.forbidden("a \(account.role.rawValue) account earns no shares to direct to a charity")
        }
        return account
    }

    /// `PUT /v1/accounts/me/charity`: from the next charge on, the caller's shares give
    /// `partsPerMillion` to the charity account. Any account that can earn a share may (a
    /// client that publishes a module earns the developer's); a charity and the system's may not.
    private func setCharity(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let account = try Self.beneficiary(context)
        let direction = try await decode(CharityDirection.self, from: request, context)
        guard direction.charity != account.id else {
            throw Problem.conflict("an account cannot be its own charity", field: "charity")
        }
        do {
            try await store.setCharityDirection(direction, for: account.id)
        } catch let error as StoreError where error == .missingReference("") {
            throw Problem.notFound("no account \(direction.charity)", field: "charity")
        } catch let error as StoreError where error == .invalidRecord("") {
            throw Problem.conflict("account \(direction.charity) is not a charity account; only one of role charity can receive", field: "charity")
        }
        await broker.setCharity(direction, for: account.id)
        return try json(direction)
    }

    private func statement(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let limit = try limitParameter(request)
        var before: UInt64?
        if let text = request.uri.queryParameters["before"].map(String.init) {
            guard let value = UInt64(text), value >= 1, value <= UInt64(Int64.max) else {
                throw Problem.badRequest("before must be a positive integer, a nextBefore of an earlier page", field: "before")
            }
            before = value
        }
        guard let balance = try await store.balance(of: account.id) else {
            throw Problem.internalError("the account \(account.id) has no balance row")
        }
        let page = try await store.moneyEvents(of: account.id, before: before, limit: limit + 1)
        let history = Array(page.prefix(limit))
        return try json(AccountStatement(
            account: account.id, name: account.name, role: account.role, balance: balance, history: history,
            nextBefore: page.count > limit ? history.last?.index : nil, charity: await broker.charity[account.id]))
    }

    private func deposit(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let minter = try context.requireAccount()
        guard minter.role == .operator else {
            throw Problem.forbidden("only an operator's API key can mint GRID")
        }
        let text = try context.parameters.require("id")
        guard let account = AccountID(text) else {
            throw Problem.badRequest("'\(text)' is not an account id", field: "id")
        }
        let deposit = try await decode(NewDeposit.self, from: request, context)
        guard deposit.amount.baseUnits > 0 else {
            throw Problem.unprocessable("amount must be above zero, not \(deposit.amount.baseUnitsString) base units", field: "amount")
        }
        guard deposit.amount <= NewDeposit.maximum else {
            throw Problem.unprocessable(
                "amount \(deposit.amount.baseUnitsString) base units is over the most one deposit may mint, \(NewDeposit.maximum.baseUnitsString) (\(NewDeposit.maximum))",
                field: "amount")
        }
        if let memo = deposit.memo {
            // Counted in Unicode scalars: a character may hide any number of combining marks.
            guard memo.unicodeScalars.count <= 256 else {
                throw Problem.unprocessable("memo may have at most 256 characters, not \(memo.unicodeScalars.count)", field: "memo")
            }
            guard !memo.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw Problem.unprocessable("memo may not hold control characters (newlines, tabs, escapes)", field: "memo")
            }
        }
        do {
            let made = try await store.mint(deposit, to: account, by: minter.id, at: clock.now)
            // Written outside the settlement writer: the log reads its row from the store.
            try await ledger.catchUpToKeptCheckpoint(from: store)
            return try json(made, status: .created)
        } catch let error as StoreError where error == .missingReference("") {
            throw Problem.notFound("no account \(account) that can hold GRID", field: "id")
        } catch let error as StoreError where error == .invalidRecord("") {
            throw Problem.unprocessable(error.message, field: "amount")
        }
    }
}
