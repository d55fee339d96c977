/// What ``GridStore/revokeAPIKey(_:account:at:)`` did.
public enum APIKeyRevocation: Sendable, Hashable {
    /// The key is revoked now; the record carries the revocation time.
    case revoked(APIKeyRecord)
    /// The key was revoked before; nothing changed.
    case alreadyRevoked(APIKeyRecord)
    /// The key is its account's last active key, so revoking it would lock the account out;
    /// nothing changed. Create another key first.
    case lastActiveKey(APIKeyRecord)
    /// The account has no key with that id; nothing changed.
    case notFound
}
