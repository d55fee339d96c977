public import Foundation

/// Identifies a task: one input of a job. Tasks know their job and index separately; the id is just a UUID.
public struct TaskID: GridIdentifier {
    /// "task id", as error messages name it.
    public static let kind = "task id"
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(uuid: UUID) {
        self.uuid = uuid
    }
}
