public import Foundation

/// The canonical text form of a UUID (`8-4-4-4-12` hex digits), read and written without
/// Foundation's C path.
///
/// Every protocol message and stored row carries identifiers as text, so at thousands of tasks a
/// second `UUID(uuidString:)` (which goes through `sscanf`) and `uuidString` (`snprintf`) were a
/// measurable share of the coordinator's CPU. These accept and produce exactly what Foundation
/// does, only lowercase on output; a test pins the two together.
public enum UUIDText {

    /// Parses 36 characters `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex of either case); nil
    /// for anything else.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { utf8 -> UUID? in
            guard utf8.count == 36 else { return nil }
            var bytes = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                         UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
            let complete = withUnsafeMutableBytes(of: &bytes) { output -> Bool in
                var position = 0
                var index = 0
                while position < 36 {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        guard utf8[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                        continue
                    }
                    guard let high = HexDigits.value(of: utf8[position]), let low = HexDigits.value(of: utf8[position + 1]) else { return false }
                    output[index] = high << 4 | low
                    index += 1
                    position += 2
                }
                return true
            }
            return complete ? UUID(uuid: bytes) : nil
        }
    }

    /// The lowercase canonical text of `uuid`.
    public static func format(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { output in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    output[position] = HexDigits.lowercase[Int(byte >> 4)]
                    output[position + 1] = HexDigits.lowercase[Int(byte & 0x0f)]
                    position += 2
                }
                return position
            }
        }
    }
}
