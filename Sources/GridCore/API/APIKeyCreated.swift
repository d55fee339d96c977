/// The answer to `POST /v1/accounts/me/keys`: the new key, with its secret shown this once.
public struct APIKeyCreated: Sendable, Hashable, Codable {
    /// The new key as the list shows it.
    public var key: APIKeySummary
    /// The secret (64 hex digits). Only its SHA-256 is stored; it cannot be shown again.
    public var apiKey: String

    /// Creates the answer.
    public init(key: APIKeySummary, apiKey: String) {
        self.key = key
        self.apiKey = apiKey
    }
}
