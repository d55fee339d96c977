import GridCore
import Synchronization

/// A bounded set of blob hashes that stays true once a hash is in it (the module validator keeps
/// the modules too slow to check): the set is only emptied when it grows past its bound.
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
