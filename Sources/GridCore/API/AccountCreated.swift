/// The answer to `POST /v1/accounts`: the account and its API key, shown this once.
public struct AccountCreated: Sendable, Hashable, Codable {
    /// The new account's id.
    public var account: AccountID
    /// Its name.
    public var name: String
    /// Its role.
    public var role: AccountRole
    /// The API key (64 hex digits). Only its SHA-256 is stored; it cannot be shown again.
    public var apiKey: String

    /// Creates the answer.
    public init(account: AccountID, name: String, role: AccountRole, apiKey: String) {
        self.account = account
        self.name = name
        self.role = role
        self.apiKey = apiKey
    }
}
