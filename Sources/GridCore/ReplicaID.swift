public import Foundation

/// Identifies a task replica: one execution of a task on one worker.
public struct ReplicaID: GridIdentifier {
    /// "replica id", as error messages name it.
    public static let kind = "replica id"
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(uuid: UUID) {
        self.uuid = uuid
    }
}
