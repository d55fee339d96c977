/// The answer to `GET /v1/accounts/me`: who the caller is, what it holds, and a page of what
/// changed its balance, newest first.
public struct AccountStatement: Sendable, Hashable, Codable {
    /// The caller's account.
    public var account: AccountID
    /// Its name.
    public var name: String
    /// Its role.
    public var role: AccountRole
    /// What it holds now.
    public var balance: AccountBalance
    /// Balance changes, newest first.
    public var history: [MoneyEvent]
    /// The `before` to ask for the next, older page, when there is one.
    public var nextBefore: UInt64?
    /// What it directs to a charity, if anything.
    public var charity: CharityDirection?

    /// A statement with these parts.
    public init(
        account: AccountID, name: String, role: AccountRole, balance: AccountBalance, history: [MoneyEvent], nextBefore: UInt64?,
        charity: CharityDirection? = nil
    ) {
        self.charity = charity
        self.account = account
        self.name = name
        self.role = role
        self.balance = balance
        self.history = history
        self.nextBefore = nextBefore
    }
}
