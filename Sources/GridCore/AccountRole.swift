/// What an account is for.
public enum AccountRole: String, Sendable, Codable, CaseIterable {
    /// Submits jobs and pays for them.
    case client
    /// Runs workers and earns.
    case provider
    /// Publishes modules and earns a royalty share.
    case developer
    /// Runs the coordinator: creates accounts, mints GRID, sets policy.
    case `operator`
    /// Receives the shares beneficiaries direct to it.
    case charity
    /// One of the coordinator's own accounts (``SystemAccount``): never created through the API
    /// and holding no API key.
    case system

    /// Whether an operator may create an account of this role through the API.
    public var isCreatable: Bool { self != .system }

    /// Decodes a role by name; another name is refused listing the roles there are.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let role = AccountRole(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a role: the roles are \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = role
    }
}
