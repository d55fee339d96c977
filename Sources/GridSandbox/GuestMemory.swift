import WasmKit

/// Bounds-checked access to the calling guest's linear memory.
///
/// Every pointer a guest hands the host is checked against the memory's current size; an address
/// out of range makes the call fail with `EFAULT` instead of touching host memory.
struct GuestMemory {
    private let memory: Memory

    /// The memory exported as `memory` by the calling instance.
    init(_ caller: borrowing Caller) throws {
        guard let memory = caller.instance?.exports[memory: "memory"] else { throw MissingMemoryExport() }
        self.memory = memory
    }

    private func inBounds(_ address: UInt32, _ count: Int) -> Bool {
        UInt64(address) + UInt64(count) <= UInt64(memory.byteCount)
    }

    /// Runs `body` over `count` bytes at `address`, or returns false if they are out of bounds.
    func withMutableBytes(at address: UInt32, count: UInt32, _ body: (UnsafeMutableRawBufferPointer) -> Void) -> Bool {
        guard inBounds(address, Int(count)) else { return false }
        if count > 0 {
            memory.withUnsafeMutableBufferPointer(offset: UInt(address), count: Int(count), body)
        }
        return true
    }

    /// Copies `bytes` to `address`.
    func copy(_ bytes: some Collection<UInt8>, to address: UInt32) -> Bool {
        withMutableBytes(at: address, count: UInt32(clamping: bytes.count)) { $0.copyBytes(from: bytes) }
    }

    /// Stores a little-endian integer at `address`.
    func store(_ value: some FixedWidthInteger, at address: UInt32) -> Bool {
        withUnsafeBytes(of: value.littleEndian) { copy($0, to: address) }
    }

    /// Reads `count` bytes at `address`.
    func load(at address: UInt32, count: UInt32) -> [UInt8]? {
        guard inBounds(address, Int(count)) else { return nil }
        guard count > 0 else { return [] }
        return memory.withUnsafeBufferPointer(offset: UInt(address), count: Int(count)) { Array($0) }
    }

    /// Reads an array of `count` iovecs (`u32 buf, u32 len`) at `address`, or nil if out of bounds.
    func iovecs(at address: UInt32, count: UInt32) -> [(base: UInt32, length: UInt32)]? {
        guard count < 1 << 20, let raw = load(at: address, count: count * 8) else { return nil }
        return (0..<Int(count)).map { index in
            raw.withUnsafeBytes { bytes in
                (UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt32.self)),
                 UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8 + 4, as: UInt32.self)))
            }
        }
    }
}

/// The guest called a WASI function that needs memory but exports none named `memory`.
struct MissingMemoryExport: Error, CustomStringConvertible {
    var description: String { "the guest called WASI without exporting a memory named 'memory'" }
}
