public import Foundation

/// Identifies a job: one submission of a module with its inputs, limits, trust policy and price cap.
public struct JobID: GridIdentifier {
    /// "job id", as error messages name it.
    public static let kind = "job id"
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(uuid: UUID) {
        self.uuid = uuid
    }
}
