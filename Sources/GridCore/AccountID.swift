public import Foundation

/// Identifies an account holding a GRID balance (client, provider, developer, operator, charity or system).
public struct AccountID: GridIdentifier {
    /// "account id", as error messages name it.
    public static let kind = "account id"
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(uuid: UUID) {
        self.uuid = uuid
    }
}
