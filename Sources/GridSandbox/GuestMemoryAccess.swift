import WasmKit

/// Bounds-checked access to the calling guest's linear memory.
///
/// Every address a guest hands the host is checked against the memory's current size, in 64-bit
/// arithmetic so that `address + count` cannot wrap; a range out of bounds makes the WASI call fail
/// with `EFAULT` instead of touching host memory.
struct GuestMemoryAccess {
    private let memory: Memory

    /// The memory exported as `memory` by the calling instance.
    init(_ caller: borrowing Caller) throws {
        guard let memory = caller.instance?.exports[memory: "memory"] else {
            throw HostInterruption.missingMemoryExport
        }
        self.memory = memory
    }

    /// Whether `count` bytes at `address` lie inside the memory.
    func contains(_ address: UInt32, count: UInt64) -> Bool {
        UInt64(address) + count <= UInt64(memory.byteCount)
    }

    /// Runs `body` over `count` bytes at `address`, or returns false if they are out of bounds.
    func withMutableBytes(at address: UInt32, count: UInt32, _ body: (UnsafeMutableRawBufferPointer) -> Void) -> Bool {
        guard contains(address, count: UInt64(count)) else { return false }
        if count > 0 {
            memory.withUnsafeMutableBufferPointer(offset: UInt(address), count: Int(count), body)
        }
        return true
    }

    /// Copies `bytes` to `address`, or returns false if they do not fit.
    func copy(_ bytes: some Collection<UInt8>, to address: UInt32) -> Bool {
        guard bytes.count <= Int(UInt32.max) else { return false }
        return withMutableBytes(at: address, count: UInt32(bytes.count)) { $0.copyBytes(from: bytes) }
    }

    /// Stores a little-endian integer at `address`.
    func store(_ value: some FixedWidthInteger, at address: UInt32) -> Bool {
        withUnsafeBytes(of: value.littleEndian) { copy($0, to: address) }
    }

    /// Reads `count` bytes at `address`, or nil if they are out of bounds.
    func load(at address: UInt32, count: UInt32) -> [UInt8]? {
        guard contains(address, count: UInt64(count)) else { return nil }
        guard count > 0 else { return [] }
        return memory.withUnsafeBufferPointer(offset: UInt(address), count: Int(count)) { Array($0) }
    }

    /// Reads `count` iovecs (`u32 buf, u32 len`) at `address`; nil unless the array and every
    /// buffer it names lie inside the memory, so a call either does all its work or none.
    func iovecs(at address: UInt32, count: UInt32) -> [(base: UInt32, length: UInt32)]? {
        guard let raw = load(at: address, count: count * 8) else { return nil }
        var vectors: [(base: UInt32, length: UInt32)] = []
        vectors.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let base = raw.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index * 8, as: UInt32.self)) }
            let length = raw.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index * 8 + 4, as: UInt32.self)) }
            guard contains(base, count: UInt64(length)) else { return nil }
            vectors.append((base, length))
        }
        return vectors
    }
}
