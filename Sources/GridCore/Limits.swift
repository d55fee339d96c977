/// The hard limits one execution runs under: fuel, linear memory, wall-clock time and output.
///
/// Limits are enforced by the sandbox, never trusted to the guest. Every field is bounds-checked
/// on construction and on decoding, so a `Limits` value in hand is always one the sandbox can run.
public struct Limits: Sendable, Hashable, Codable {
    /// The most fuel (≈ WebAssembly operators) the run may consume.
    public let fuel: UInt64
    /// The largest linear memory the guest may have, in bytes; growth past it is refused.
    public let memoryBytes: UInt64
    /// The longest the run may take in real time, in milliseconds; past it a watchdog drains the fuel.
    public let wallClockMilliseconds: UInt64
    /// The most bytes the guest may write to stdout, and separately to stderr.
    public let outputBytes: UInt64

    /// The ranges each limit must fall in.
    public enum Bounds {
        /// 1 fuel up to 10^13 fuel (about 40 minutes of one core at 4·10^9 fuel/s).
        public static let fuel: ClosedRange<UInt64> = 1...10_000_000_000_000
        /// One WebAssembly page (64 KiB) up to the whole 32-bit address space (4 GiB).
        public static let memoryBytes: ClosedRange<UInt64> = 65_536...4_294_967_296
        /// 1 ms up to 24 hours.
        public static let wallClockMilliseconds: ClosedRange<UInt64> = 1...86_400_000
        /// 1 byte up to 256 MiB per stream.
        public static let outputBytes: ClosedRange<UInt64> = 1...268_435_456
    }

    /// Limits suitable for an ordinary task: 10^10 fuel, 256 MiB, 60 s, 16 MiB of output.
    public static let standard = Limits(
        checkedFuel: 10_000_000_000, memoryBytes: 268_435_456,
        wallClockMilliseconds: 60_000, outputBytes: 16_777_216)

    /// Creates limits, rejecting any value outside ``Bounds`` with an error naming the field.
    public init(
        fuel: UInt64 = Limits.standard.fuel,
        memoryBytes: UInt64 = Limits.standard.memoryBytes,
        wallClockMilliseconds: UInt64 = Limits.standard.wallClockMilliseconds,
        outputBytes: UInt64 = Limits.standard.outputBytes
    ) throws(LimitsError) {
        try Self.check("fuel", fuel, Bounds.fuel)
        try Self.check("memoryBytes", memoryBytes, Bounds.memoryBytes)
        try Self.check("wallClockMilliseconds", wallClockMilliseconds, Bounds.wallClockMilliseconds)
        try Self.check("outputBytes", outputBytes, Bounds.outputBytes)
        self.init(
            checkedFuel: fuel, memoryBytes: memoryBytes,
            wallClockMilliseconds: wallClockMilliseconds, outputBytes: outputBytes)
    }

    private init(checkedFuel fuel: UInt64, memoryBytes: UInt64, wallClockMilliseconds: UInt64, outputBytes: UInt64) {
        self.fuel = fuel
        self.memoryBytes = memoryBytes
        self.wallClockMilliseconds = wallClockMilliseconds
        self.outputBytes = outputBytes
    }

    /// The wall-clock limit as a `Duration`.
    public var wallClock: Duration { .milliseconds(Int64(wallClockMilliseconds)) }

    private static func check(_ field: String, _ value: UInt64, _ range: ClosedRange<UInt64>) throws(LimitsError) {
        guard range.contains(value) else {
            throw LimitsError.outOfRange(field: field, value: value, allowed: range)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case fuel, memoryBytes, wallClockMilliseconds, outputBytes
    }

    /// Decodes limits; a missing field takes the ``standard`` value, an out-of-range one is an error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func field(_ key: CodingKeys, _ fallback: UInt64) throws -> UInt64 {
            // Read as a signed number first: Foundation reports a negative number read as UInt64
            // as "not valid JSON", naming no field.
            guard let value = try container.decodeIfPresent(Int64.self, forKey: key) else { return fallback }
            guard value >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "limit '\(key.stringValue)' must not be negative, not \(value)")
            }
            return UInt64(value)
        }
        do {
            try self.init(
                fuel: field(.fuel, Self.standard.fuel),
                memoryBytes: field(.memoryBytes, Self.standard.memoryBytes),
                wallClockMilliseconds: field(.wallClockMilliseconds, Self.standard.wallClockMilliseconds),
                outputBytes: field(.outputBytes, Self.standard.outputBytes))
        } catch let error as LimitsError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + [error.field.flatMap(CodingKeys.init(rawValue:))].compactMap { $0 },
                      debugDescription: error.message, underlyingError: error))
        }
    }
}
