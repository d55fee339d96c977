import GridCore
import GridStore
import Synchronization

/// Modules known to be published, with their publishers, so submitting a job does not ask the
/// store about its module every time. Modules are never deleted in this version, so one once
/// seen stays true; the map is only emptied when it grows past its bound.
final class KnownModules: Sendable {
    private let modules = Mutex<[ContentHash: PublishedModule]>([:])
    private let bound: Int

    init(bound: Int = 100_000) {
        self.bound = bound
    }

    /// The module with this hash, from memory or else from `store`; nil when none is published.
    func module(_ hash: ContentHash, in store: any GridStore) async throws -> PublishedModule? {
        if let known = modules.withLock({ $0[hash] }) { return known }
        guard let module = try await store.publishedModule(hash) else { return nil }
        modules.withLock { modules in
            if modules.count >= bound { modules.removeAll(keepingCapacity: true) }
            modules[hash] = module
        }
        return module
    }
}
