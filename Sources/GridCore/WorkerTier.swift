/// How far a worker's hardware and operator are trusted (CPUcoin's miner tiers).
///
/// Lower numbers are more trusted, and order first: `.enterprise < .untrustedConsumer`.
/// Encoded as the bare number, 1...4.
public enum WorkerTier: Int, Sendable, CaseIterable, Comparable {
    /// 1: a machine owned by an enterprise.
    case enterprise = 1
    /// 2: a data-center machine run by a KYC'd operator.
    case dataCenter = 2
    /// 3: a consumer device that has earned trust.
    case trustedConsumer = 3
    /// 4: any other consumer device; its work is always verified.
    case untrustedConsumer = 4

    /// The tier numbered `rawValue`, or an error naming the allowed numbers.
    public init(validating rawValue: Int) throws(TierError) {
        guard let tier = WorkerTier(rawValue: rawValue) else { throw .unknownWorkerTier(rawValue) }
        self = tier
    }

    /// True when every task on this tier must be verified, whatever the job's policy says
    /// (only ``untrustedConsumer``).
    public var alwaysVerified: Bool { self == .untrustedConsumer }

    /// Orders by number: the more trusted tier first.
    public static func < (lhs: WorkerTier, rhs: WorkerTier) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension WorkerTier: Codable {
    /// Decodes the tier number, refusing numbers outside 1...4 with a message naming them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int.self)
        do {
            try self.init(validating: value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    /// Encodes the tier number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
