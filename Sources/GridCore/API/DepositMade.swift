/// The answer to `POST /v1/accounts/{id}/deposits`: the deposit as recorded and the balance it left.
public struct DepositMade: Sendable, Hashable, Codable {
    /// The recorded deposit.
    public var event: MoneyEvent
    /// The account's balance after it.
    public var balance: AccountBalance

    /// The answer.
    public init(event: MoneyEvent, balance: AccountBalance) {
        self.event = event
        self.balance = balance
    }
}
