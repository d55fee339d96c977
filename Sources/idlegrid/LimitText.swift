import ArgumentParser
import Foundation
import GridCore

/// Limits as people write them on a command line: sizes (`64MiB`, `512KiB`, `1.5GB`) and
/// durations (`30s`, `500ms`, `2m`), checked against ``Limits/Bounds`` with errors that name the
/// flag, what was wrong and what is allowed.
enum LimitText {
    /// Size units, lowercased: K, M, G and the IEC names are powers of 1024 (as Docker's and
    /// the sandbox's own MiB are); KB, MB, GB powers of 1000 (SI).
    private static let sizeUnits: [String: UInt64] = [
        "b": 1, "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gib": 1 << 30,
        "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000,
    ]

    /// Duration units, lowercased, in milliseconds.
    private static let durationUnits: [String: Double] = [
        "ms": 1, "s": 1_000, "sec": 1_000, "m": 60_000, "min": 60_000, "h": 3_600_000,
    ]

    /// A size in bytes; a bare number counts in `bareUnit` bytes.
    static func bytes(_ text: String, flag: String, bareUnit: UInt64, allowed: ClosedRange<UInt64>) throws -> UInt64 {
        let example = "64MiB, 512KiB or 1GiB"
        guard let (number, unit) = split(text), let scale = unit.isEmpty ? bareUnit : sizeUnits[unit.lowercased()] else {
            throw ValidationError("\(flag) must be a size like \(example), not '\(text)'")
        }
        let value = number * Double(scale)
        guard value.isFinite, value >= Double(allowed.lowerBound) else {
            throw ValidationError("\(flag) \(text) is under the smallest allowed, \(size(allowed.lowerBound))")
        }
        guard value <= Double(allowed.upperBound) else {
            throw ValidationError("\(flag) \(text) is over the largest allowed, \(size(allowed.upperBound))")
        }
        return UInt64(value)
    }

    /// A duration in whole milliseconds, within `allowed` (the wall-clock limit's bounds unless
    /// told); a bare number counts in seconds.
    static func milliseconds(
        _ text: String, flag: String, allowed: ClosedRange<UInt64> = Limits.Bounds.wallClockMilliseconds
    ) throws -> UInt64 {
        guard let (number, unit) = split(text), let scale = unit.isEmpty ? 1_000 : durationUnits[unit.lowercased()] else {
            throw ValidationError("\(flag) must be a duration like 30s, 500ms or 2m, not '\(text)'")
        }
        let value = (number * scale).rounded()
        guard value.isFinite, value >= Double(allowed.lowerBound) else {
            throw ValidationError("\(flag) \(text) is under the shortest allowed, \(duration(allowed.lowerBound))")
        }
        guard value <= Double(allowed.upperBound) else {
            throw ValidationError("\(flag) \(text) is over the longest allowed, \(duration(allowed.upperBound))")
        }
        return UInt64(value)
    }

    /// A fuel budget within its bounds.
    static func checked(_ fuel: UInt64, flag: String) throws -> UInt64 {
        let allowed = Limits.Bounds.fuel
        guard allowed.contains(fuel) else {
            throw ValidationError("\(flag) must be between \(allowed.lowerBound) and \(allowed.upperBound), not \(fuel)")
        }
        return fuel
    }

    /// The standard limits, as `--help` shows them.
    static func describeStandard() -> String {
        let standard = Limits.standard
        return "--fuel \(standard.fuel), --memory \(size(standard.memoryBytes)), --timeout \(duration(standard.wallClockMilliseconds)), --max-output \(size(standard.outputBytes))"
    }

    /// A non-negative decimal number and the letters after it (spaces between allowed).
    private static func split(_ text: String) -> (Double, String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.first != ".", digits.last != ".", digits.filter({ $0 == "." }).count <= 1,
              unit.allSatisfy({ $0.isASCII && $0.isLetter }), let number = Double(digits)
        else { return nil }
        return (number, unit)
    }

    /// Bytes in the largest binary unit that divides them: 64KiB, 256MiB, 4GiB, 1B.
    static func size(_ bytes: UInt64) -> String {
        for (unit, scale) in [("GiB", UInt64(1) << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= scale && bytes % scale == 0 {
            return "\(bytes / scale)\(unit)"
        }
        return "\(bytes)B"
    }

    /// Milliseconds in the largest unit that divides them: 24h, 60s, 1ms.
    static func duration(_ milliseconds: UInt64) -> String {
        for (unit, scale) in [("h", UInt64(3_600_000)), ("m", 60_000), ("s", 1_000)] where milliseconds >= scale && milliseconds % scale == 0 {
            return "\(milliseconds / scale)\(unit)"
        }
        return "\(milliseconds)ms"
    }
}
