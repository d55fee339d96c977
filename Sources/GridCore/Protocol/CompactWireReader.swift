import Foundation

/// Reads fields in the compact wire form (``CompactWireCoding``), refusing a message that ends
/// early or claims more bytes than it has, so a hostile length never allocates.
struct CompactWireReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - position }

    private mutating func take(_ count: Int, _ field: String) throws(WireError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .malformed("\(field) needs \(count) bytes but \(remaining) are left")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func byte(_ field: String) throws(WireError) -> UInt8 {
        try take(1, field).first!
    }

    mutating func uint32(_ field: String) throws(WireError) -> UInt32 {
        try take(4, field).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64(_ field: String) throws(WireError) -> UInt64 {
        try take(8, field).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A byte count: a 64-bit integer that must fit an `Int`.
    mutating func size(_ field: String) throws(WireError) -> Int {
        let value = try uint64(field)
        guard value <= UInt64(Int.max) else { throw .malformed("\(field) of \(value) bytes is too large") }
        return Int(value)
    }

    mutating func bool(_ field: String) throws(WireError) -> Bool {
        switch try byte(field) {
        case 0: false
        case 1: true
        case let other: throw .malformed("\(field) must be 0 or 1, not \(other)")
        }
    }

    mutating func identifier<ID: GridIdentifier>(_ field: String, as type: ID.Type = ID.self) throws(WireError) -> ID {
        let raw = Array(try take(16, field))
        let uuid = UUID(uuid: (
            raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
            raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
        return ID(uuid: uuid)
    }

    mutating func hash(_ field: String) throws(WireError) -> ContentHash {
        ContentHash(digestBytes: try take(32, field))!
    }

    /// A count of items of at least `minimumBytes` each: one larger than the rest of the message
    /// could hold is refused before anything is reserved for it.
    mutating func count(_ field: String, minimumBytes: Int) throws(WireError) -> Int {
        let count = Int(try uint32(field))
        guard count <= remaining / max(1, minimumBytes) else {
            throw .malformed("\(field) claims \(count) items, more than the \(remaining) bytes left can hold")
        }
        return count
    }

    mutating func data(_ field: String) throws(WireError) -> Data {
        Data(try take(Int(try uint32(field)), field))
    }

    mutating func text(_ field: String) throws(WireError) -> String {
        let utf8 = try take(Int(try uint32(field)), field)
        guard let text = String(validating: utf8, as: UTF8.self) else { throw .malformed("\(field) is not UTF-8") }
        return text
    }

    /// The message must end here.
    func finish() throws(WireError) {
        guard remaining == 0 else { throw .malformed("\(remaining) bytes after the last field") }
    }
}
