import Foundation
import GridClient
import GridCore
import Testing

@Suite("An operator mints GRID onto accounts; every account sees its balance and history")
struct DepositTests {
    static let grid = Amount.baseUnitsPerGRID

    @Test func aDepositReachesTheBalanceAndTheHistoryAndTheSupplyAddsUp() async throws {
        try await TestNetwork.with(workers: 0, clientFunds: .zero) { network in
            let alice = try await network.client.statement()
            #expect(alice.balance == AccountBalance())
            #expect(alice.history.isEmpty && alice.nextBefore == nil)
            #expect(alice.role == .client)

            var made: [DepositMade] = []
            for units in [3 * Self.grid, 1, 7] {
                made.append(try await network.operatorClient.deposit(NewDeposit(amount: Amount(baseUnits: units), memo: "top-up"), to: alice.account))
            }
            #expect(made.last?.balance.available == Amount(baseUnits: 3 * Self.grid + 8))
            let now = try await network.client.statement(limit: 2)
            #expect(now.balance.available == Amount(baseUnits: 3 * Self.grid + 8))
            #expect(now.history.map(\.change.available) == [7, 1])
            let cursor: UInt64 = try #require(now.nextBefore)
            let older = try await network.client.statement(before: cursor, limit: 2)
            #expect(older.history.map(\.change.available) == [3 * Self.grid])
            #expect(older.nextBefore == nil)
            #expect(older.history.first?.by != nil)

            // The operator's own statement lists the deposits it made, none of which moved its balance.
            let operatorHistory = try await network.operatorClient.statement().history
            #expect(operatorHistory.count == 3 && operatorHistory.allSatisfy { $0.change.isZero && $0.memo == "top-up" })
            let supply = try await network.store.moneySupply()
            #expect(supply.minted == Amount(baseUnits: 3 * Self.grid + 8))
            #expect(supply.isConserved)
        }
    }

    @Test func badDepositsAreRefusedNamingTheFieldAndChangeNothing() async throws {
        try await TestNetwork.with(workers: 0, clientFunds: .zero) { network in
            let alice = try await network.client.statement().account
            let operatorKey = try #require(network.operatorClient.apiKey)
            let url = "\(network.baseURL)/v1/accounts/\(alice)/deposits"
            let cases: [(body: String, status: Int, field: String?)] = [
                (#"{"amount":"0"}"#, 422, "amount"),
                (#"{"amount":"-5"}"#, 422, "amount"),
                (#"{"amount":5}"#, 400, "amount"),
                (#"{"amount":"1.5 GRID"}"#, 400, "amount"),
                (#"{"amount":"1000000000000000000000000001"}"#, 422, "amount"),
                (#"{"amount":"99999999999999999999999999999999999999999999"}"#, 400, "amount"),
                (#"{"amount":"1","memo":"\#(String(repeating: "m", count: 257))"}"#, 422, "memo"),
                (#"{"amount":"1","memo":"e\#(String(repeating: "\u{301}", count: 300))"}"#, 422, "memo"),
                (#"{"amount":"1","memo":"line\nforged line"}"#, 422, "memo"),
                (#"{"amount":"1","memo":"\u001b[31mred"}"#, 422, "memo"),
                (#"{}"#, 400, "amount"),
            ]
            for bad in cases {
                let answer = try await RawHTTP.send(.POST, url, body: bad.body, key: operatorKey)
                #expect(answer.status == bad.status, "\(bad.body.prefix(60))")
                #expect(answer.json?["field"] as? String == bad.field, "\(bad.body.prefix(60))")
            }
            // Only an operator mints; an unknown or system account holds no deposit.
            let clientKey = try #require(network.client.apiKey)
            #expect(try await RawHTTP.send(.POST, url, body: #"{"amount":"1"}"#, key: clientKey).status == 403)
            let unknown = try await RawHTTP.send(.POST, "\(network.baseURL)/v1/accounts/\(AccountID())/deposits", body: #"{"amount":"1"}"#, key: operatorKey)
            #expect(unknown.status == 404 && unknown.json?["field"] as? String == "id")
            let burn = try await RawHTTP.send(.POST, "\(network.baseURL)/v1/accounts/\(SystemAccount.burn.id)/deposits", body: #"{"amount":"1"}"#, key: operatorKey)
            #expect(burn.status == 404)
            let notAnID = try await RawHTTP.send(.POST, "\(network.baseURL)/v1/accounts/nope/deposits", body: #"{"amount":"1"}"#, key: operatorKey)
            #expect(notAnID.status == 400 && notAnID.json?["field"] as? String == "id")
            // A system account cannot be created either.
            let system = await problem { _ = try await network.operatorClient.createAccount(NewAccount(name: "mine", role: .system)) }
            #expect(system?.status == 422 && system?.field == "role")

            #expect(try await network.client.statement().balance == AccountBalance())
            let supply = try await network.store.moneySupply()
            #expect(supply.minted == .zero && supply.isConserved)
        }
    }

    @Test func aBadHistoryPageIsRefusedNamingTheParameter() async throws {
        try await TestNetwork.with(workers: 0, clientFunds: .zero) { network in
            let key = try #require(network.client.apiKey)
            for query in ["before=0", "before=x", "limit=0", "limit=501", "limit=x"] {
                let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/accounts/me?\(query)", key: key)
                #expect(answer.status == 400, "\(query)")
                #expect(answer.json?["field"] as? String == String(query.prefix(while: { $0 != "=" })), "\(query)")
            }
        }
    }
}
