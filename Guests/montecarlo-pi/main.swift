// montecarlo-pi — estimates pi from the host's random stream (random_get).
//
// Usage: montecarlo-pi [SAMPLES=1000000]      (1 <= SAMPLES <= 2147483647)
// Each sample takes 8 bytes of the stream: x and y, little-endian UInt32s, a point in the
// unit square scaled by 2^32. It is a hit if x^2 + y^2 < 2^64 (exact integer test: the
// UInt64 sum does not overflow). The stream is drawn 4 KiB at a time (less at the end).
// Output: "<hits> <samples> <pi>\n", pi = 4*hits/samples truncated to 6 decimals with
// integer math, e.g. "785398 1000000 3.141592". Different seeds give different output.

func guestMain() {
    let samples = Guest.integerArgument(1, default: 1_000_000, name: "SAMPLES")
    if samples < 1 || samples > Int64(Int32.max) {
        Guest.fail("SAMPLES must be between 1 and 2147483647, got ", Guest.decimal(samples))
    }
    var hits: UInt64 = 0
    var remaining = Int(samples)
    var buffer = [UInt8](repeating: 0, count: 4096)
    buffer.withUnsafeMutableBytes { bytes in
        while remaining > 0 {
            let n = min(remaining, bytes.count / 8)
            Guest.fillRandom(UnsafeMutableRawBufferPointer(rebasing: bytes[0..<(n * 8)]))
            var i = 0
            while i < n {
                let x = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt32.self)))
                let y = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i + 4, as: UInt32.self)))
                // x*x and y*y are each < 2^64; the sum is < 2^64 exactly when it does not overflow.
                if !(x &* x).addingReportingOverflow(y &* y).overflow { hits += 1 }
                i += 1
            }
            remaining -= n
        }
    }
    // pi * 10^6 = 4 * hits * 10^6 / samples; 4 * hits * 10^6 < 2^64 since hits < 2^31.
    let scaled = 4 * hits * 1_000_000 / UInt64(samples)
    Guest.writeLine(Guest.decimal(hits), " ", Guest.decimal(samples), " ",
                    Guest.decimal(scaled / 1_000_000), ".", Guest.decimal(scaled % 1_000_000, width: 6))
}
