/// How a job's results are checked before they are accepted (SPEC §6).
///
/// JSON forms: `{"mode":"none"}`, `{"mode":"quorum","agreeing":2,"of":3,"maxReplicas":5}`,
/// `{"mode":"adaptive"}`, `{"mode":"verifier","export":"verify"}`. Cases can be built freely;
/// ``validate()`` checks them, and decoding and ``TrustPolicy`` call it.
public enum VerificationMode: Sendable, Hashable {
    /// Accept the first result.
    case none
    /// Accept when `agreeing` replicas return identical output hashes; start with `of`
    /// replicas and add more on disagreement, up to `maxReplicas`.
    case quorum(agreeing: Int, of: Int, maxReplicas: Int)
    /// BOINC's adaptive replication: replicate unless the worker has earned trust on the module.
    case adaptive
    /// Run the module's exported check function `export` on the input and output.
    case verifier(export: String)

    /// The most replicas any policy may ask for.
    public static let maximumReplicas = 16
    /// The longest verifier export name.
    public static let maximumExportNameLength = 64

    /// The mode's JSON name: "none", "quorum", "adaptive" or "verifier".
    public var name: String {
        switch self {
        case .none: "none"
        case .quorum: "quorum"
        case .adaptive: "adaptive"
        case .verifier: "verifier"
        }
    }

    /// Throws when a quorum breaks 1 ≤ agreeing ≤ of ≤ maxReplicas ≤ 16, or a verifier export
    /// is not a 1...64 character ASCII identifier.
    public func validate() throws(TrustPolicyError) {
        switch self {
        case .none, .adaptive:
            return
        case let .quorum(agreeing, of, maxReplicas):
            guard 1 <= agreeing, agreeing <= of, of <= maxReplicas, maxReplicas <= Self.maximumReplicas else {
                throw .quorumCounts(agreeing: agreeing, of: of, maxReplicas: maxReplicas)
            }
        case let .verifier(export):
            guard Self.isIdentifier(export) else { throw .exportName(export) }
        }
    }

    private static func isIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...maximumExportNameLength).contains(bytes.count) else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "_")
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        return isLetter(bytes[0]) && bytes.allSatisfy { isLetter($0) || isDigit($0) }
    }
}

extension VerificationMode: Codable {
    private enum CodingKeys: String, CodingKey {
        case mode, agreeing, of, maxReplicas, export
    }

    /// The mode names decoding accepts.
    private static let modeNames = ["none", "quorum", "adaptive", "verifier"]

    /// Decodes the `{"mode": ...}` form, refusing unknown modes (naming the allowed ones) and
    /// invalid counts or export names.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try container.decode(String.self, forKey: .mode)
        let decoded: VerificationMode
        switch mode {
        case "none":
            decoded = .none
        case "quorum":
            decoded = .quorum(
                agreeing: try container.decode(Int.self, forKey: .agreeing),
                of: try container.decode(Int.self, forKey: .of),
                maxReplicas: try container.decode(Int.self, forKey: .maxReplicas)
            )
        case "adaptive":
            decoded = .adaptive
        case "verifier":
            decoded = .verifier(export: try container.decode(String.self, forKey: .export))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .mode, in: container,
                debugDescription: "verification mode '\(mode)' does not exist: use one of \(Self.modeNames.joined(separator: ", "))"
            )
        }
        do {
            try decoded.validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
        self = decoded
    }

    /// Encodes the `{"mode": ...}` form with only the mode's own fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .mode)
        switch self {
        case .none, .adaptive:
            break
        case let .quorum(agreeing, of, maxReplicas):
            try container.encode(agreeing, forKey: .agreeing)
            try container.encode(of, forKey: .of)
            try container.encode(maxReplicas, forKey: .maxReplicas)
        case let .verifier(export):
            try container.encode(export, forKey: .export)
        }
    }
}
