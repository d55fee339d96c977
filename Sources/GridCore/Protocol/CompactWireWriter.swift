import Foundation

/// Appends fields in the compact wire form (``CompactWireCoding``).
struct CompactWireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func uint32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func identifier(_ id: some GridIdentifier) {
        withUnsafeBytes(of: id.uuid.uuid) { bytes.append(contentsOf: $0) }
    }

    mutating func hash(_ hash: ContentHash) {
        bytes.append(contentsOf: hash.bytes)
    }

    /// A 32-bit length, then the bytes.
    mutating func data(_ data: Data) {
        uint32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    /// A 32-bit length, then the UTF-8.
    mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            uint32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}
