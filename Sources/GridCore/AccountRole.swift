/// What an account is for.
public enum AccountRole: String, Sendable, Codable, CaseIterable {
    /// Submits jobs and pays for them.
    case client
    /// Runs workers and earns.
    case provider
    /// Publishes modules and earns a royalty share.
    case developer
    /// Runs the coordinator: creates accounts, sets policy.
    case `operator`
}
