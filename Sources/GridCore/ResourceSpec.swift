/// The resources a task or service needs, or that a worker offers.
///
/// Always valid: the initializer and the decoder check every field, so code past the API
/// boundary can trust the numbers.
public struct ResourceSpec: Sendable, Hashable {
    /// Allowed core counts.
    public static let coresRange = 1...1024
    /// Allowed memory: 1 MiB ... 1 TiB.
    public static let memoryBytesRange: ClosedRange<UInt64> = (1 << 20)...(1 << 40)
    /// Largest storage: 16 TiB.
    public static let maximumStorageBytes: UInt64 = 16 << 40
    /// Longest region name.
    public static let maximumRegionLength = 32

    /// CPU cores, 1...1024.
    public let cores: Int
    /// Memory in bytes, 1 MiB ... 1 TiB.
    public let memoryBytes: UInt64
    /// Storage in bytes, 0 ... 16 TiB.
    public let storageBytes: UInt64
    /// A region name (lowercase letters, digits, '-'); nil in a need means any region,
    /// nil in an offer means the worker names none.
    public let region: String?

    /// Checks every field, throwing an error that names the first one that is wrong.
    public init(cores: Int, memoryBytes: UInt64, storageBytes: UInt64 = 0, region: String? = nil) throws(ResourceSpecError) {
        guard Self.coresRange.contains(cores) else { throw .cores(cores) }
        guard Self.memoryBytesRange.contains(memoryBytes) else { throw .memoryBytes(memoryBytes) }
        guard storageBytes <= Self.maximumStorageBytes else { throw .storageBytes(storageBytes) }
        if let region, !Self.isValidRegion(region) { throw .region(region) }
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.storageBytes = storageBytes
        self.region = region
    }

    /// True when this offer covers `requirement`: at least as many cores, as much memory and
    /// storage, and the same region unless the requirement names none.
    public func satisfies(_ requirement: ResourceSpec) -> Bool {
        cores >= requirement.cores
            && memoryBytes >= requirement.memoryBytes
            && storageBytes >= requirement.storageBytes
            && (requirement.region == nil || requirement.region == region)
    }

    private static func isValidRegion(_ region: String) -> Bool {
        let bytes = region.utf8
        guard (1...maximumRegionLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-")
        }
    }
}

extension ResourceSpec: Codable {
    private enum CodingKeys: String, CodingKey {
        case cores, memoryBytes, storageBytes, region
    }

    /// Decodes `{"cores":2,"memoryBytes":1073741824,"storageBytes":0,"region":"eu-west-1"}`;
    /// `storageBytes` defaults to 0 and `region` to none. Invalid fields are refused with the
    /// same message as the initializer, at the field's coding path.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let cores = try container.decode(Int.self, forKey: .cores)
        let memoryBytes = try container.decode(UInt64.self, forKey: .memoryBytes)
        let storageBytes = try container.decodeIfPresent(UInt64.self, forKey: .storageBytes) ?? 0
        let region = try container.decodeIfPresent(String.self, forKey: .region)
        do {
            try self.init(cores: cores, memoryBytes: memoryBytes, storageBytes: storageBytes, region: region)
        } catch {
            let key = CodingKeys(rawValue: error.field) ?? .cores
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [key], debugDescription: error.message, underlyingError: error))
        }
    }

    /// Encodes every field; `region` is omitted when nil.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cores, forKey: .cores)
        try container.encode(memoryBytes, forKey: .memoryBytes)
        try container.encode(storageBytes, forKey: .storageBytes)
        try container.encodeIfPresent(region, forKey: .region)
    }
}
