// hashchain — an iterated SHA-256 chain over the job input.
//
// Usage: hashchain [ROUNDS=1000]      (ROUNDS >= 1)
// Input: all of stdin.
// Output: lowercase hex of h(ROUNDS) and "\n", where h(1) = SHA256(input) and
//         h(i+1) = SHA256(h(i)) over the 32 raw bytes of h(i).
// SHA-256 (FIPS 180-4) is implemented here: it is the workload.

func guestMain() {
    let rounds = Guest.integerArgument(1, default: 1000, name: "ROUNDS")
    if rounds < 1 {
        Guest.fail("ROUNDS must be at least 1, got ", Guest.decimal(rounds))
    }
    let input = Guest.readAllStdin()
    var sha = SHA256()
    var digest = [UInt8](repeating: 0, count: 32)
    input.withUnsafeBytes { sha.hash($0, into: &digest) }
    var round: Int64 = 1
    while round < rounds {
        let previous = digest
        previous.withUnsafeBytes { sha.hash($0, into: &digest) }
        round += 1
    }
    Guest.writeLine(Guest.hex(digest))
}

/// SHA-256 with a reusable message schedule buffer (no allocation per hash).
struct SHA256 {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    var state = [UInt32](repeating: 0, count: 8)
    var w = [UInt32](repeating: 0, count: 64)
    var block = [UInt8](repeating: 0, count: 64)

    /// Hashes `message` and stores the 32-byte digest in `digest` (which must have 32 bytes).
    mutating func hash(_ message: UnsafeRawBufferPointer, into digest: inout [UInt8]) {
        state[0] = 0x6a09e667; state[1] = 0xbb67ae85; state[2] = 0x3c6ef372; state[3] = 0xa54ff53a
        state[4] = 0x510e527f; state[5] = 0x9b05688c; state[6] = 0x1f83d9ab; state[7] = 0x5be0cd19
        let length = message.count
        var offset = 0
        while length - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: message[offset..<offset + 64]))
            offset += 64
        }
        // Final block(s): the rest, 0x80, zeros, and the bit length as a big-endian UInt64.
        let rest = length - offset
        for i in 0..<64 { block[i] = i < rest ? message[offset + i] : 0 }
        block[rest] = 0x80
        if rest >= 56 {
            block.withUnsafeBytes { compress($0) }
            for i in 0..<64 { block[i] = 0 }
        }
        let bits = UInt64(length) &* 8
        for i in 0..<8 { block[56 + i] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64(i))) }
        block.withUnsafeBytes { compress($0) }
        for i in 0..<8 {
            let v = state[i]
            digest[4 * i] = UInt8(truncatingIfNeeded: v >> 24)
            digest[4 * i + 1] = UInt8(truncatingIfNeeded: v >> 16)
            digest[4 * i + 2] = UInt8(truncatingIfNeeded: v >> 8)
            digest[4 * i + 3] = UInt8(truncatingIfNeeded: v)
        }
    }

    @inline(__always)
    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// Processes one 64-byte block.
    mutating func compress(_ chunk: UnsafeRawBufferPointer) {
        w.withUnsafeMutableBufferPointer { w in
            for i in 0..<16 {
                w[i] = UInt32(chunk[4 * i]) << 24 | UInt32(chunk[4 * i + 1]) << 16
                    | UInt32(chunk[4 * i + 2]) << 8 | UInt32(chunk[4 * i + 3])
            }
            for i in 16..<64 {
                let s0 = SHA256.rotr(w[i - 15], 7) ^ SHA256.rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = SHA256.rotr(w[i - 2], 17) ^ SHA256.rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            SHA256.k.withUnsafeBufferPointer { k in
                state.withUnsafeMutableBufferPointer { h in
                    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
                    for i in 0..<64 {
                        let s1 = SHA256.rotr(e, 6) ^ SHA256.rotr(e, 11) ^ SHA256.rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                        let s0 = SHA256.rotr(a, 2) ^ SHA256.rotr(a, 13) ^ SHA256.rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ maj
                        hh = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
                    h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
                }
            }
        }
    }
}
