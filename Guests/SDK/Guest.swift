// Guest.swift — the Idlegrid guest SDK: a tiny API over the WASI subset in WASI.swift.
//
// Embedded Swift, no Foundation. A workload is compiled together with this file, WASI.swift
// and runtime.c, and defines one function:
//
//     func guestMain() { ... }
//
// `_start` (below) calls it; returning from it exits with code 0. Use `Guest.exit(_:)`
// for any other exit code.
//
// Note: `Int` is 32 bits on wasm32.

/// The module's entry point, exported as `_start` (the WASI command convention).
@_expose(wasm, "_start")
@_cdecl("_start")
func _guestStart() {
    guestMain()
}

/// The Idlegrid guest API. All members are static; there is nothing to set up.
public enum Guest {
    /// File descriptor of standard input (the job's input bytes).
    public static let stdin: Int32 = 0
    /// File descriptor of standard output.
    public static let stdout: Int32 = 1
    /// File descriptor of standard error.
    public static let stderr: Int32 = 2

    // MARK: Input

    /// Reads up to `buffer.count` bytes from `fd` into `buffer`.
    /// Returns the number of bytes read: 0 at end of input, -1 on error.
    public static func read(into buffer: UnsafeMutableRawBufferPointer, from fd: Int32 = 0) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var iov: (UInt32, UInt32) = (UInt32(UInt(bitPattern: base)), UInt32(buffer.count))
        var nread: UInt32 = 0
        let errno = withUnsafePointer(to: &iov) { wasi_fd_read(fd, $0, 1, &nread) }
        return errno == 0 ? Int(nread) : -1
    }

    /// Reads all of standard input (until end of input or an error) into an array.
    public static func readAllStdin() -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(into: $0, from: stdin) }
            if n <= 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        return data
    }

    // MARK: Output

    /// Writes all of `bytes` to `fd`, looping on partial writes.
    /// Returns false if the host reported an error or stopped accepting output.
    @discardableResult
    public static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32 = 1) -> Bool {
        guard var address = bytes.baseAddress.map({ UInt32(UInt(bitPattern: $0)) }) else { return true }
        var remaining = UInt32(bytes.count)
        while remaining > 0 {
            var iov: (UInt32, UInt32) = (address, remaining)
            var written: UInt32 = 0
            let errno = withUnsafePointer(to: &iov) { wasi_fd_write(fd, $0, 1, &written) }
            if errno != 0 || written == 0 { return false }
            address += written
            remaining -= written
        }
        return true
    }

    /// Writes `bytes` to `fd` (default: standard output).
    @discardableResult
    public static func write(_ bytes: [UInt8], to fd: Int32 = 1) -> Bool {
        bytes.withUnsafeBytes { write($0, to: fd) }
    }

    /// Writes the UTF-8 of `string` to `fd` (default: standard output). No newline is added.
    @discardableResult
    public static func write(_ string: String, to fd: Int32 = 1) -> Bool {
        // Embedded Swift strings are always native, contiguous UTF-8, so the storage is always
        // available; a fallback that walks the UTF-8 view would pull in the foreign-string code.
        string.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0), to: fd) } ?? false
    }

    /// Writes a string literal to `fd` (default: standard output) without building a `String`:
    /// the cheapest way to print constant text.
    @discardableResult
    public static func write(_ string: StaticString, to fd: Int32 = 1) -> Bool {
        write(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount), to: fd)
    }

    /// Writes `parts` one after the other, then a newline, to `fd` (default: standard output).
    /// Nothing is put between the parts: `writeLine(a, " ", b)`.
    ///
    /// Writing pieces is cheaper than building one string: in Embedded Swift, `String`
    /// concatenation and interpolation both work but add about 15 KB of code to a module.
    public static func writeLine(_ parts: String..., to fd: Int32 = 1) {
        for part in parts { write(part, to: fd) }
        write("\n" as StaticString, to: fd)
    }

    // MARK: Arguments and environment

    /// The command-line arguments, `argv[0]` (the module name) included.
    public static func arguments() -> [String] {
        strings(sizes: wasi_args_sizes_get, get: wasi_args_get)
    }

    /// The environment as `KEY=VALUE` strings, in the order the host gives them.
    public static func environment() -> [String] {
        strings(sizes: wasi_environ_sizes_get, get: wasi_environ_get)
    }

    /// Shared by `arguments()` and `environment()`: both calls have the same shape.
    private static func strings(
        sizes: (UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>) -> Int32,
        get: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<UInt8>) -> Int32
    ) -> [String] {
        var count: UInt32 = 0
        var size: UInt32 = 0
        guard sizes(&count, &size) == 0 else { return [] }
        var pointers = [UnsafeMutablePointer<UInt8>?](repeating: nil, count: Int(count) + 1)
        var buffer = [UInt8](repeating: 0, count: Int(size) + 1)
        var result: [String] = []
        buffer.withUnsafeMutableBufferPointer { bytes in
            let base = bytes.baseAddress!
            let ok = pointers.withUnsafeMutableBufferPointer { get($0.baseAddress!, base) == 0 }
            guard ok else { return }
            for i in 0..<Int(count) {
                guard let start = pointers[i], start >= base, start < base + bytes.count else { continue }
                var end = start
                while end < base + bytes.count && end.pointee != 0 { end += 1 }
                result.append(string(fromUTF8: UnsafeBufferPointer(start: start, count: end - start)))
            }
        }
        return result
    }

    /// A `String` from UTF-8 bytes; if they are not valid UTF-8, every byte >= 0x80 becomes "?".
    /// (`String(validating:)` is much smaller in Embedded Swift than `String(decoding:)`.)
    public static func string(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        let ascii = bytes.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }
        return ascii.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) } ?? ""
    }

    /// A `String` from UTF-8 bytes (see `string(fromUTF8:)` for invalid input).
    public static func string(fromUTF8 bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { string(fromUTF8: $0) }
    }

    /// The program name: `argv[0]`, or "guest" if the host gave none.
    public static func programName() -> String {
        arguments().first ?? "guest"
    }

    /// Parses a decimal integer: optional `+`/`-`, then one or more ASCII digits, nothing else.
    /// Returns nil if `text` is not such a number or does not fit in an `Int64`.
    public static func parseInteger(_ text: String) -> Int64? {
        // Always contiguous in Embedded Swift (see `write(_: String, to:)`).
        text.utf8.withContiguousStorageIfAvailable { parseInteger(UnsafeRawBufferPointer($0)) } ?? nil
    }

    /// Parses a decimal integer from ASCII bytes; see `parseInteger(_: String)`.
    public static func parseInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        var negative = false
        if bytes.count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        if i == bytes.count { return nil }
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        var magnitude: UInt64 = 0
        while i < bytes.count {
            let c = bytes[i]
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            let digit = UInt64(c - UInt8(ascii: "0"))
            if magnitude > (limit - digit) / 10 { return nil }
            magnitude = magnitude * 10 + digit
            i += 1
        }
        return negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude)
    }

    /// The integer argument `argv[index]`, or `defaultValue` if there are fewer arguments.
    /// An argument that is not a decimal integer ends the program: a message on standard
    /// error naming the argument (`name`), and exit code 2.
    public static func integerArgument(_ index: Int, default defaultValue: Int64, name: String) -> Int64 {
        let args = arguments()
        guard index < args.count else { return defaultValue }
        guard let value = parseInteger(args[index]) else {
            fail(name, " must be an integer, got '", args[index], "'")
        }
        return value
    }

    /// Writes `programName: ` and `parts` and a newline to standard error, then exits with
    /// `code` (default 2, "bad arguments"). Example: `Guest.fail("N must be at least 1")`.
    public static func fail(_ parts: String..., code: Int32 = 2) -> Never {
        write(programName(), to: stderr)
        write(": " as StaticString, to: stderr)
        for part in parts { write(part, to: stderr) }
        write("\n" as StaticString, to: stderr)
        exit(code)
    }

    // MARK: Randomness

    /// Fills `buffer` from the host's random stream (`random_get`). In the Idlegrid sandbox
    /// this is a deterministic PRNG seeded by the task: same seed, same bytes.
    public static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        if wasi_random_get(base, UInt32(buffer.count)) != 0 {
            fail("random_get failed", code: 1)
        }
    }

    /// `count` bytes from the host's random stream.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fillRandom($0) }
        return bytes
    }

    /// The next 8 bytes of the host's random stream, as a little-endian `UInt64`.
    public static func randomUInt64() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fillRandom($0) }
        return UInt64(littleEndian: value)
    }

    // MARK: Clocks

    /// WASI clock ids.
    public static let realtimeClock: UInt32 = 0
    public static let monotonicClock: UInt32 = 1

    /// The time of `clock` in nanoseconds (virtual time in the Idlegrid sandbox), or nil on error.
    public static func clockTime(_ clock: UInt32) -> UInt64? {
        var time: UInt64 = 0
        return wasi_clock_time_get(clock, 1, &time) == 0 ? time : nil
    }

    /// The resolution of `clock` in nanoseconds, or nil on error.
    public static func clockResolution(_ clock: UInt32) -> UInt64? {
        var resolution: UInt64 = 0
        return wasi_clock_res_get(clock, &resolution) == 0 ? resolution : nil
    }

    // MARK: Exit

    /// Ends the program with exit `code` (`proc_exit`).
    public static func exit(_ code: Int32) -> Never {
        wasi_proc_exit(code)
        fatalError() // not reached: proc_exit does not return
    }

    // MARK: Formatting (no Foundation)

    /// Decimal digits of `value`, e.g. `decimal(-42)` is "-42".
    /// (String interpolation of integers also works in Embedded Swift, at a cost in size.)
    public static func decimal(_ value: Int64) -> String {
        formatDecimal(value < 0 ? 0 &- UInt64(bitPattern: value) : UInt64(value), width: 1, negative: value < 0)
    }

    /// Decimal digits of `value`, left-padded with zeros to at least `width` digits:
    /// `decimal(42, width: 6)` is "000042".
    public static func decimal(_ value: UInt64, width: Int = 1) -> String {
        formatDecimal(value, width: width, negative: false)
    }

    private static func formatDecimal(_ value: UInt64, width: Int, negative: Bool) -> String {
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v != 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        if negative { digits.append(UInt8(ascii: "-")) }
        digits.reverse()
        return string(fromUTF8: digits)
    }

    /// Lowercase hexadecimal of `value`, left-padded with zeros to at least `width` digits.
    public static func hex(_ value: UInt64, width: Int = 1) -> String {
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(hexDigit(UInt8(v & 0xF)))
            v >>= 4
        } while v != 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        digits.reverse()
        return string(fromUTF8: digits)
    }

    /// Lowercase hexadecimal of `bytes`, two digits per byte, e.g. a digest.
    public static func hex(_ bytes: [UInt8]) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 2)
        for b in bytes {
            digits.append(hexDigit(b >> 4))
            digits.append(hexDigit(b & 0xF))
        }
        return string(fromUTF8: digits)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
