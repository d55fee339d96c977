import Foundation

/// What a worker enrolls with: proof that a provider account runs it.
///
/// A device key (``WorkerID``) that is not yet enrolled must bring one in its hello; the
/// coordinator then records which provider account the device belongs to. Either the API key of
/// an account with role ``AccountRole/provider``, or a one-time enrollment token that provider
/// created (`POST /v1/enrollment-tokens`). On the wire: `{"kind": "apiKey" | "enrollmentToken",
/// "secret": "…"}`. Its description never shows the secret.
public enum ProviderCredential: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A provider account's API key: 64 hex digits.
    case apiKey(String)
    /// A one-time enrollment token: `enroll-` and 64 hex digits.
    case enrollmentToken(String)

    /// The prefix that tells an enrollment token from an API key.
    public static let enrollmentTokenPrefix = "enroll-"

    /// Reads a credential from text (a credential file's contents, say): an enrollment token by
    /// its `enroll-` prefix, otherwise an API key. Surrounding whitespace is ignored.
    ///
    /// - Throws: ``ProviderCredentialError`` naming what is wrong with the text (never the text).
    public init(parsing text: String) throws(ProviderCredentialError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let credential: ProviderCredential = trimmed.hasPrefix(Self.enrollmentTokenPrefix) ? .enrollmentToken(trimmed) : .apiKey(trimmed)
        if let problem = credential.formatProblem { throw ProviderCredentialError(problem) }
        self = credential
    }

    /// The secret itself.
    public var secret: String {
        switch self {
        case .apiKey(let secret), .enrollmentToken(let secret): secret
        }
    }

    /// `apiKey` or `enrollmentToken`, as on the wire.
    public var kind: String {
        switch self {
        case .apiKey: "apiKey"
        case .enrollmentToken: "enrollmentToken"
        }
    }

    /// The SHA-256 of the secret: what the coordinator stores and looks up, and what the hello
    /// signature covers.
    public var secretHash: ContentHash { ContentHash(of: Array(secret.utf8)) }

    /// What is wrong with the secret's form, if anything; the message never quotes the secret.
    public var formatProblem: String? {
        switch self {
        case .apiKey(let secret):
            Self.isHex64(Substring(secret)) ? nil : "a provider API key is 64 lowercase hex digits; this one is not (\(secret.count) characters)"
        case .enrollmentToken(let secret):
            secret.hasPrefix(Self.enrollmentTokenPrefix) && Self.isHex64(secret.dropFirst(Self.enrollmentTokenPrefix.count))
                ? nil
                : "an enrollment token is 'enroll-' and 64 lowercase hex digits; this one is not (\(secret.count) characters)"
        }
    }

    private static func isHex64(_ text: Substring) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// The kind, never the secret.
    public var description: String { "\(kind)(redacted)" }

    private enum CodingKeys: String, CodingKey { case kind, secret }

    /// Decodes `{"kind", "secret"}`, refusing an unknown kind.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let secret = try container.decode(String.self, forKey: .secret)
        switch try container.decode(String.self, forKey: .kind) {
        case "apiKey": self = .apiKey(secret)
        case "enrollmentToken": self = .enrollmentToken(secret)
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "credential.kind must be 'apiKey' or 'enrollmentToken', not '\(other)'")
        }
    }

    /// Encodes `{"kind", "secret"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(secret, forKey: .secret)
    }
}

/// Why text is not a provider credential.
public struct ProviderCredentialError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and what to give instead; never the secret.
    public let description: String
    init(_ description: String) { self.description = description }
}
