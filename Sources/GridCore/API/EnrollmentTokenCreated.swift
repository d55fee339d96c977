public import Foundation

/// The answer to `POST /v1/enrollment-tokens`: a one-time token that enrolls one device to the
/// provider account that created it, shown this once.
public struct EnrollmentTokenCreated: Sendable, Hashable, Codable {
    /// The token: `enroll-` and 64 hex digits. Only its SHA-256 is stored; it cannot be shown again.
    public var token: String
    /// After this instant the token enrolls nothing.
    public var expiresAt: Date

    /// Creates the answer.
    public init(token: String, expiresAt: Date) {
        self.token = token
        self.expiresAt = expiresAt
    }
}
