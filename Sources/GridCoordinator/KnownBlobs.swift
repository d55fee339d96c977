import GridCore
import Synchronization

/// Hashes of blobs known to be stored, so submitting a job does not ask the store whether its
/// module exists every time. Blobs are never deleted in this version, so a hash once seen stays
/// true; the set is only emptied when it grows past its bound.
final class KnownBlobs: Sendable {
    private let hashes = Mutex<Set<ContentHash>>([])
    /// Modules' publishers as looked up (nil inside: a module with no known publisher).
    private let publishers = Mutex<[ContentHash: AccountID?]>([:])
    private let bound: Int

    init(bound: Int = 100_000) {
        self.bound = bound
    }

    func contains(_ hash: ContentHash) -> Bool {
        hashes.withLock { $0.contains(hash) }
    }

    /// The module's publisher if it was looked up: nil when not known here, `.some(nil)` when
    /// the module has no publisher on record.
    func publisher(of module: ContentHash) -> AccountID?? {
        publishers.withLock { $0[module] }
    }

    func insert(_ module: ContentHash, publisher: AccountID?) {
        publishers.withLock { publishers in
            if publishers.count >= bound { publishers.removeAll(keepingCapacity: true) }
            publishers[module] = .some(publisher)
        }
    }

    func insert(_ hash: ContentHash) {
        hashes.withLock { hashes in
            if hashes.count >= bound { hashes.removeAll(keepingCapacity: true) }
            hashes.insert(hash)
        }
    }
}
