public import Foundation

/// What the network's identifiers share: a UUID, written as its lowercase string.
///
/// Each kind of entity has its own type (``JobID``, ``TaskID``, ``ReplicaID``, ``WorkerID``,
/// ``AccountID``) so one cannot be passed where another is meant. Conformers supply only
/// ``kind``, ``uuid`` and ``init(uuid:)``; everything else has a default here.
public protocol GridIdentifier: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// The identifier's name in messages, e.g. "job id".
    static var kind: String { get }
    /// The underlying UUID.
    var uuid: UUID { get }
    /// Wraps an existing UUID.
    init(uuid: UUID)
}

extension GridIdentifier {
    /// A new random identifier (a version 4 UUID).
    public init() {
        self.init(uuid: UUIDText.random())
    }

    /// Reads a UUID string (either case); nil when `description` is not one.
    public init?(_ description: String) {
        guard let uuid = UUIDText.parse(description) else { return nil }
        self.init(uuid: uuid)
    }

    /// Reads a UUID string (either case), throwing an error that names the identifier kind.
    public init(parsing text: String) throws(IdentifierError) {
        guard let uuid = UUIDText.parse(text) else { throw .malformed(text, kind: Self.kind) }
        self.init(uuid: uuid)
    }

    /// The lowercase UUID string, the form used on the wire and in storage.
    public var description: String { UUIDText.format(uuid) }

    /// Orders by the lowercase UUID string, so sorting matches storage order of the text form.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }

    /// Decodes the lowercase (or uppercase) UUID string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    /// Encodes the lowercase UUID string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
