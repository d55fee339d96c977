/// How each task's `random_get` seed is chosen.
///
/// In JSON: the string `"per-task"`, or the fixed seed as a decimal string (`"42"`; a string,
/// because JSON numbers lose precision past 2^53).
public enum SeedPolicy: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Every task gets this seed.
    case fixed(UInt64)
    /// Each task gets a seed derived from its job id and index, so tasks differ but the replicas
    /// of one task agree.
    case perTask

    /// Parses `"per-task"` or a decimal seed: ASCII digits only (no sign, no spaces), at most
    /// 2^64 − 1, as `openapi.yaml`'s pattern says.
    public init?(_ text: String) {
        if text == "per-task" {
            self = .perTask
        } else if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let seed = UInt64(text) {
            self = .fixed(seed)
        } else {
            return nil
        }
    }

    /// `"per-task"` or the decimal seed.
    public var description: String {
        switch self {
        case .perTask: "per-task"
        case .fixed(let seed): String(seed)
        }
    }

    /// The seed of task `index` of job `job`.
    public func seed(job: JobID, index: Int) -> UInt64 {
        switch self {
        case .fixed(let seed):
            return seed
        case .perTask:
            let digest = ContentHash(of: Array("\(job)/\(index)".utf8)).bytes
            return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// Decodes `"per-task"` or a decimal seed; anything else names what is expected.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let policy = SeedPolicy(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "seed '\(text)' must be \"per-task\" or a decimal integer in 0...\(UInt64.max), as a string"))
        }
        self = policy
    }

    /// Encodes `"per-task"` or the decimal seed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
