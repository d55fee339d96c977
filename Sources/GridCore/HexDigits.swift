/// Hex digits as ASCII bytes, shared by the hash and identifier text forms.
public enum HexDigits {
    /// `bytes` as lowercase hex, two digits per byte.
    public static func text(of bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(lowercaseDigit(byte >> 4))
            out.append(lowercaseDigit(byte & 0x0f))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The lowercase digit of `value` (0...15), computed rather than looked up: no global to
    /// initialise on the identifier and hash paths.
    static func lowercaseDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    /// Whether `character` is an uppercase hex letter (`A`–`F`), which canonical forms refuse.
    static func isUppercase(_ character: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(character)
    }

    /// The value of one hex digit (either case), or nil.
    static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
