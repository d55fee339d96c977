#if canImport(Glibc)
import Glibc
#endif

/// Bytes from the operating system's cryptographic generator, in one request.
///
/// `SystemRandomNumberGenerator` asks the kernel once per 8 bytes; ids and salts made for every
/// settled replica are 16 and 32 bytes, so one request for all of them is a measurable saving.
public enum SecureRandom {
    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        // glibc's arc4random_buf (2.36 and later) is getrandom, retried until it has every byte.
        guard let base = buffer.baseAddress else { return }
        arc4random_buf(base, buffer.count)
        #else
        var generator = SystemRandomNumberGenerator()
        for index in buffer.indices { buffer[index] = generator.next() }
        #endif
    }

    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }
}
