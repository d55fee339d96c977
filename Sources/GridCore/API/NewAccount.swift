/// `POST /v1/accounts`: an account to create (operator only).
public struct NewAccount: Sendable, Hashable, Codable {
    /// A name for people.
    public var name: String
    /// What the account is for.
    public var role: AccountRole

    /// Creates the request.
    public init(name: String, role: AccountRole) {
        self.name = name
        self.role = role
    }
}
