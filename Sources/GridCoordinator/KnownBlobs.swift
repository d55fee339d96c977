import GridCore
import Synchronization

/// Hashes of blobs known to be stored, so submitting a job does not ask the store whether its
/// module exists every time. Blobs are never deleted in this version, so a hash once seen stays
/// true; the set is only emptied when it grows past its bound.
final class KnownBlobs: Sendable {
    private let hashes = Mutex<Set<ContentHash>>([])
    private let bound: Int

    init(bound: Int = 100_000) {
        self.bound = bound
    }

    func contains(_ hash: ContentHash) -> Bool {
        hashes.withLock { $0.contains(hash) }
    }

    func insert(_ hash: ContentHash) {
        hashes.withLock { hashes in
            if hashes.count >= bound { hashes.removeAll(keepingCapacity: true) }
            hashes.insert(hash)
        }
    }
}
