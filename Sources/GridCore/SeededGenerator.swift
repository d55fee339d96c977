/// A deterministic random number generator: xoshiro256** seeded through SplitMix64.
///
/// Everything that must come out the same on every machine draws from this: a guest's
/// `random_get`, and later the matchmaker's tie-breaking term. The algorithm is fixed forever;
/// changing it would change every recorded result, so it is spelled out here rather than taken
/// from the standard library, whose generator is explicitly unspecified.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates the generator for `seed`. Equal seeds give equal streams.
    public init(seed: UInt64) {
        var mix = seed
        func splitMix() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// Fills `buffer` with random bytes, eight at a time, little-endian.
    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var offset = 0
        while offset < buffer.count {
            var word = next().littleEndian
            let take = min(8, buffer.count - offset)
            withUnsafeBytes(of: &word) { bytes in
                for index in 0..<take { buffer[offset + index] = bytes[index] }
            }
            offset += take
        }
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
