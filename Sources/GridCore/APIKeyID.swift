public import Foundation

/// Identifies one API key of an account, so a key can be listed and revoked without its secret.
public struct APIKeyID: GridIdentifier {
    /// "API key id", as error messages name it.
    public static let kind = "API key id"
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(uuid: UUID) {
        self.uuid = uuid
    }
}
