/// `GET /v1/accounts/me/keys`: every key of the caller's account, revoked ones included, oldest first.
public struct APIKeyList: Sendable, Hashable, Codable {
    /// The keys.
    public var keys: [APIKeySummary]

    /// Creates the list.
    public init(keys: [APIKeySummary]) {
        self.keys = keys
    }
}
