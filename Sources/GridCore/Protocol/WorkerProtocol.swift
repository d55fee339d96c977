public import Foundation

/// The worker protocol: versioned messages over one WebSocket that the worker dials. Text frames
/// carry JSON; binary frames carry the compact form of the messages that move the work
/// (``CompactWireCoding``: `assign`, `acknowledge`, `results`).
///
/// ```
/// worker                         coordinator
///   hello(capabilities)  ──────▶
///                        ◀──────  challenge(nonce)
///   authenticate(sig)    ──────▶            (Ed25519 over the nonce and the credential's hash)
///                        ◀──────  welcome(workerID, session token) | refused(reason)
///                        ◀──────  assign([…])
///   acknowledge([…])     ──────▶
///   results([…])         ──────▶            (each signed by the device key)
///   heartbeat            ──────▶            (every heartbeatInterval)
///                        ◀──────  cancel([…]) / drain
/// ```
/// Messages carry arrays so that, under load, one frame moves many assignments or results.
public enum WorkerProtocol {
    /// The protocol version this build speaks; a peer speaking another is refused. (Version 2
    /// moved the work's messages to binary frames.)
    public static let version = 2

    /// The bytes a worker signs to prove it holds its device key.
    ///
    /// With a credential, the statement also covers the credential's kind and the SHA-256 of its
    /// secret, so a relay that passes a device's signature on cannot enroll that device with a
    /// credential of its own choosing.
    public static func helloStatement(nonce: Data, credential: ProviderCredential? = nil) -> Data {
        var statement = Data("idlegrid-hello-v1\n".utf8) + nonce
        if let credential {
            statement += Data("\ncredential \(credential.kind) \(credential.secretHash.hex)".utf8)
        }
        return statement
    }

    /// The largest WebSocket frame either side sends or accepts. Larger messages travel in
    /// continuation frames of this size, so an unauthenticated peer can make the coordinator
    /// buffer no more than this before it has proved anything.
    public static let maxFrameBytes = 8 << 10
    /// The largest message before the handshake is done (hello, authenticate).
    public static let maxHandshakeMessageBytes = 8 << 10
    /// The largest message after it (a batch of results with their outputs, of assignments with
    /// their inputs).
    public static let maxMessageBytes = 96 << 20
    /// The largest output a result carries inline. A larger one is uploaded as a blob under its
    /// hash first (`POST /v1/blobs?replica=`, with the session token of ``WorkerWelcome``), and
    /// the result carries only its size (``ReplicaResult/outputBlobSize``).
    public static let maxInlineOutputBytes = 256 << 10
    /// The prefix of a worker's session token, which tells it from an API key in
    /// `Authorization: Bearer`.
    public static let sessionTokenPrefix = "worker-"
}

/// Encodes and decodes protocol messages as `{"v":1,"type":"…","body":{…}}`.
public enum WireCoding {
    /// Encodes a message.
    public static func encode<Message: WireMessage>(_ message: Message) throws -> Data {
        try encoder.encode(message)
    }

    /// Decodes a message, refusing other protocol versions and unknown types with a clear error.
    public static func decode<Message: WireMessage>(_ type: Message.Type, from data: Data) throws -> Message {
        try decoder.decode(Message.self, from: data)
    }

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()
}

/// A protocol message: one of a closed set of types, each with a body.
public protocol WireMessage: Codable, Sendable {}

/// Why a protocol message was refused.
public struct WireError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable { case version, unknownType, malformed }
    private let code: Code
    /// What was wrong, for people.
    public let message: String

    /// A message of another protocol version.
    public static func version(_ version: Int) -> Self {
        Self(code: .version, message: "protocol version \(version) is not supported; this coordinator speaks version \(WorkerProtocol.version)")
    }

    /// A message type this side does not know.
    public static func unknownType(_ type: String) -> Self {
        Self(code: .unknownType, message: "unknown message type '\(type)'")
    }

    /// A compact (binary) message that does not parse; `detail` says where.
    public static func malformed(_ detail: String) -> Self {
        Self(code: .malformed, message: "malformed binary message: \(detail)")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}

/// The envelope's keys.
enum EnvelopeKey: String, CodingKey {
    case version = "v", type, body
}

extension KeyedDecodingContainer where K == EnvelopeKey {
    /// Reads the version and type, refusing another version.
    func envelopeType() throws -> String {
        let version = try decode(Int.self, forKey: .version)
        guard version == WorkerProtocol.version else { throw WireError.version(version) }
        return try decode(String.self, forKey: .type)
    }
}

extension KeyedEncodingContainer where K == EnvelopeKey {
    /// Writes the version and type.
    mutating func encodeEnvelope(type: String) throws {
        try encode(WorkerProtocol.version, forKey: .version)
        try encode(type, forKey: .type)
    }
}
