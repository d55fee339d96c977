/// What Foundation's JSON readers let through without a word, or refuse without naming a field,
/// found by one pass over a body's bytes:
///
/// - a key given twice in one object: `JSONDecoder` keeps one and drops the other, so
///   `{"replicas":3,"replicas":1}` would mean whatever a proxy in front of us did not read;
/// - a number its field cannot take (a fraction, an exponent that leaves one, a whole number
///   beyond 64 bits, a negative number in an unsigned field): `JSONDecoder` calls the whole body
///   "not valid JSON";
/// - a field the body's ``JSONShape`` does not have: `JSONDecoder` skips it, so a misspelt
///   `"replica": 3` would run and pay for one replica without a word.
///
/// The scan expects JSON that a parser has accepted already; on bytes that are not JSON it stops
/// and finds nothing, leaving the parser's own error to stand.
public struct JSONBodyScan: Sendable {
    /// The path of the first key that its object holds twice, such as `tasks[0].stdin`.
    public private(set) var duplicateKey: String?
    /// The first field, in the body's order, that the shape given does not have: its path, such
    /// as `tasks[2].stdn`, and the fields its object may have. A value of another kind than the
    /// shape expects (null, a string for an object) is left to the decoder to name.
    public private(set) var unknownField: (path: String, fields: [String])?
    /// The number most likely to be what the decoder could not read into its field: the first
    /// that is not a whole number within 64 bits, else the first negative one (which an unsigned
    /// field cannot take); its path, its text, and whether it is negative.
    public var unfitNumber: (path: String, text: String, isNegative: Bool)? {
        if let notWhole { return (notWhole.path, notWhole.text, false) }
        return negative.map { ($0.path, $0.text, true) }
    }

    /// The first whole number above `Int64.max` (and within `UInt64`): Foundation's decoder calls
    /// the whole body "not valid JSON" for one in a field of `Int`, so this names it when nothing
    /// else explains the refusal.
    public private(set) var beyondSignedRange: (path: String, text: String)?

    private var notWhole: (path: String, text: String)?
    private var negative: (path: String, text: String)?

    /// Deeper than this the scan gives up, finding nothing: Foundation's parsers refuse JSON
    /// nested past 512 levels, and a body of a million `[` must not exhaust the stack here.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    /// Scans `bytes`, a JSON document, checking its fields against `shape` when there is one.
    public init(_ bytes: [UInt8], shape: JSONShape? = nil) {
        self.bytes = bytes
        let scanned = scanValue(at: "", shape: shape)
        skipWhitespace()
        if !scanned || position != bytes.count {
            duplicateKey = nil
            unknownField = nil
            beyondSignedRange = nil
            notWhole = nil
            negative = nil
        }
    }

    // MARK: Values

    /// Scans one value, expected to have `shape` (nil: anything); false when the bytes are not JSON.
    private mutating func scanValue(at path: String, shape: JSONShape?) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { return false }
            depth += 1
            defer { depth -= 1 }
            if bytes[position] == UInt8(ascii: "{") {
                if case .object(let fields) = shape { return scanObject(at: path, fields: fields) }
                return scanObject(at: path, fields: nil)
            }
            if case .array(let element) = shape { return scanArray(at: path, element: element) }
            return scanArray(at: path, element: nil)
        case UInt8(ascii: "\""): return scanString() != nil
        case UInt8(ascii: "t"): return skipLiteral("true")
        case UInt8(ascii: "f"): return skipLiteral("false")
        case UInt8(ascii: "n"): return skipLiteral("null")
        default: return scanNumber(at: path)
        }
    }

    /// Scans an object whose fields may be `fields` (nil: any).
    private mutating func scanObject(at path: String, fields: [String: JSONShape]?) -> Bool {
        position += 1
        var keys = Set<String>()
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipWhitespace()
            guard let key = scanString() else { return false }
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if !keys.insert(key).inserted, duplicateKey == nil { duplicateKey = keyPath }
            let field = fields?[key]
            if let fields, field == nil, unknownField == nil { unknownField = (keyPath, fields.keys.sorted()) }
            skipWhitespace()
            guard take(UInt8(ascii: ":")), scanValue(at: keyPath, shape: field) else { return false }
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return true }
            guard take(UInt8(ascii: ",")) else { return false }
        }
    }

    /// Scans an array whose elements have the shape `element` (nil: any).
    private mutating func scanArray(at path: String, element: JSONShape?) -> Bool {
        position += 1
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return true }
        var index = 0
        while true {
            guard scanValue(at: "\(path)[\(index)]", shape: element) else { return false }
            index += 1
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return true }
            guard take(UInt8(ascii: ",")) else { return false }
        }
    }

    /// A string's decoded text (escapes resolved, so `"a"` and `"\u0061"` are one key), or nil.
    private mutating func scanString() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var decoded: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "u"):
                    guard let unit = hexUnit() else { return nil }
                    var scalar = UInt32(unit)
                    // A surrogate pair is one scalar written as two escapes.
                    if (0xD800..<0xDC00).contains(unit), bytes[position...].starts(with: Array("\\u".utf8)) {
                        position += 2
                        guard let low = hexUnit() else { return nil }
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) &- 0xDC00)
                    }
                    decoded += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                default: decoded.append(escape)
                }
            default:
                decoded.append(byte)
            }
        }
        return nil
    }

    private mutating func hexUnit() -> UInt16? {
        guard position + 4 <= bytes.count,
              let unit = UInt16(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else { return nil }
        position += 4
        return unit
    }

    /// A number, noted when it is not a whole number that fits 64 bits (signed, or unsigned for
    /// fuel and byte counts).
    private mutating func scanNumber(at path: String) -> Bool {
        let start = position
        while position < bytes.count, Self.numberBytes.contains(bytes[position]) { position += 1 }
        guard position > start else { return false }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if notWhole == nil, !Self.isWholeWithin64Bits(text) {
            notWhole = (path, text)
        } else if negative == nil, text.hasPrefix("-"), Double(text).map({ $0 < 0 }) == true {
            negative = (path, text)
        } else if beyondSignedRange == nil, Int64(text) == nil, !text.hasPrefix("-"), Double(text).map({ $0 >= 9.223372036854775807e18 }) == true {
            beyondSignedRange = (path, text)
        }
        return true
    }

    private static let numberBytes = Set("0123456789+-.eE".utf8)

    /// Whether `text` is an integer the decoder reads into a 64-bit field; `1e3` is, as
    /// Foundation reads it, and `1.5` and `1e-1` are not.
    private static func isWholeWithin64Bits(_ text: String) -> Bool {
        if Int64(text) != nil || UInt64(text) != nil { return true }
        guard let value = Double(text), value.isFinite, value.rounded() == value else { return false }
        return value >= -9.223372036854775808e18 && value < 1.8446744073709551616e19
    }

    // MARK: Bytes

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipLiteral(_ literal: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard bytes[position...].starts(with: expected) else { return false }
        position += expected.count
        return true
    }
}
