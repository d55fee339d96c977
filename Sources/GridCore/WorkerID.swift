public import Foundation

/// Identifies a worker: one device running the worker agent.
public struct WorkerID: GridIdentifier {
    /// "worker id", as error messages name it.
    public static let kind = "worker id"
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(uuid: UUID) {
        self.uuid = uuid
    }
}
