public import Foundation

/// The canonical text form of a UUID (`8-4-4-4-12` hex digits), read and written without
/// Foundation's C path.
///
/// Every protocol message and stored row carries identifiers as text, so at thousands of tasks a
/// second `UUID(uuidString:)` (which goes through `sscanf`) and `uuidString` (`snprintf`) were a
/// measurable share of the coordinator's CPU. These accept and produce exactly what Foundation
/// does, only lowercase on output; a test pins the two together.
public enum UUIDText {

    /// A random version 4 UUID (RFC 9562, section 5.4) from the system's generator.
    ///
    /// Foundation's `UUID()` opens and reads `/dev/urandom` for each one on Linux; a coordinator
    /// makes one for every replica, and those three system calls were a tenth of a settled
    /// result's cost. This is one `getrandom`.
    public static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            SecureRandom.fill(raw)
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // the RFC's variant
        }
        return UUID(uuid: bytes)
    }

    /// Parses 36 characters `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex of either case); nil
    /// for anything else.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Parses the 36 bytes of a UUID's text; with `lowercaseOnly`, only the lowercase form that
    /// ``format(_:)`` writes (the ledger's canonical encoding refuses any other).
    public static func parse(utf8: UnsafeBufferPointer<UInt8>, lowercaseOnly: Bool = false) -> UUID? {
        guard utf8.count == 36 else { return nil }
        // The 32 digits as two big-endian 64-bit words: an audit reads eight ids a row.
        var high: UInt64 = 0
        var low: UInt64 = 0
        var digits = 0
        for position in 0..<36 {
            let character = utf8[position]
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            if character &- UInt8(ascii: "0") < 10 {
                value = character &- UInt8(ascii: "0")
            } else if character &- UInt8(ascii: "a") < 6 {
                value = character &- UInt8(ascii: "a") &+ 10
            } else if !lowercaseOnly, character &- UInt8(ascii: "A") < 6 {
                value = character &- UInt8(ascii: "A") &+ 10
            } else {
                return nil
            }
            if digits < 16 {
                high = high << 4 | UInt64(value)
            } else {
                low = low << 4 | UInt64(value)
            }
            digits += 1
        }
        return withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// The lowercase canonical text of `uuid`.
    public static func format(_ uuid: UUID) -> String {
        String(unsafeUninitializedCapacity: 36) { write(uuid, into: $0) }
    }

    /// Appends the lowercase canonical text of `uuid` to `bytes`, as ``format(_:)`` writes it.
    public static func append(_ uuid: UUID, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 36))
        bytes.withUnsafeMutableBufferPointer { buffer in
            _ = write(uuid, into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Writes the 36 bytes of `uuid`'s text at the start of `output`; returns 36.
    private static func write(_ uuid: UUID, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            var position = output.startIndex
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    output[position] = UInt8(ascii: "-")
                    position += 1
                }
                output[position] = HexDigits.lowercaseDigit(byte >> 4)
                output[position + 1] = HexDigits.lowercaseDigit(byte & 0x0f)
                position += 2
            }
            return position - output.startIndex
        }
    }
}
