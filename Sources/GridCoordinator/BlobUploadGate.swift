import Synchronization

/// Bounds how many blob uploads are read at once.
///
/// An upload's body is collected in memory before it is hashed and stored, so without a bound
/// the coordinator's memory grows with the number of concurrent uploads (measured: 32 uploads of
/// 64 MiB took it past 2.6 GB). Past the bound an upload is answered 503 with Retry-After
/// before its body is read, so memory stays under the bound times the largest blob.
final class BlobUploadGate: Sendable {
    private let limit: Int
    private let inFlight = Mutex(0)

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a place for one upload; false when all are taken.
    func enter() -> Bool {
        inFlight.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives the place back.
    func leave() {
        inFlight.withLock { $0 -= 1 }
    }
}
