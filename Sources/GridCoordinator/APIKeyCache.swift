import DequeModule
package import GridCore
package import GridStore
import Synchronization

/// What the coordinator remembers about API keys, by the SHA-256 of the secret, so that most
/// requests do not reach the store: the accounts of known keys, and for a short time the hashes
/// that matched no key (misses), so a flood of bad keys costs one lookup per key and lifetime.
///
/// A key the coordinator revokes or creates is forgotten at once (``forget(_:)``), known or
/// missed, so a revoked key is refused on the very next request and a new key works on its
/// first. A lookup that raced with a ``forget(_:)`` is not remembered: its answer may predate it.
///
/// The store stays the truth for keys changed elsewhere (another coordinator on a shared
/// database): those are seen only when this cache forgets, so a shared store needs a bound on
/// how long a known key is trusted; one coordinator per database, as now, needs none.
package final class APIKeyCache: Sendable {
    /// How long and how many misses are remembered. Every field has a default.
    package struct Configuration: Sendable {
        /// The memberwise initializer, spelled out so the package's tests can reach it.
        package init(missLifetime: Duration = .seconds(30), maxMisses: Int = 10_000) {
            self.missLifetime = missLifetime
            self.maxMisses = maxMisses
        }

        /// How long a hash that matched no key is answered as unknown without asking the store.
        package var missLifetime: Duration = .seconds(30)
        /// The most misses remembered; the oldest go first past this.
        package var maxMisses: Int = 10_000
    }

    private struct State {
        var accounts: [ContentHash: AccountRecord] = [:]
        /// Each miss's expiry, and the misses in the order they were remembered (so in expiry
        /// order); an entry of `order` whose hash was forgotten or remembered again is stale.
        var misses: [ContentHash: Duration] = [:]
        var order: Deque<(hash: ContentHash, expires: Duration)> = []
        /// Bumped by every ``forget(_:)``.
        var epoch: UInt64 = 0
        var storeLookups = 0

        mutating func prune(now: Duration, bound: Int) {
            while let oldest = order.first, oldest.expires <= now || misses.count > bound || order.count > 2 * bound {
                order.removeFirst()
                if misses[oldest.hash] == oldest.expires { misses[oldest.hash] = nil }
            }
        }
    }

    private let state = Mutex(State())
    private let configuration: Configuration
    private let clock: any GridClock

    package init(configuration: Configuration = Configuration(), clock: any GridClock = SystemClock()) {
        self.configuration = configuration
        self.clock = clock
    }

    /// The account of the key with this hash: remembered, or from `lookUp` (the store), whose
    /// answer is then remembered, account or miss. Nil for an unknown or revoked key.
    package func account(
        for hash: ContentHash, lookUp: (ContentHash) async throws -> AccountRecord?
    ) async rethrows -> AccountRecord? {
        let now = clock.monotonic
        let bound = configuration.maxMisses
        enum Remembered { case account(AccountRecord), miss, nothing(epoch: UInt64) }
        let remembered: Remembered = state.withLock { state in
            if let account = state.accounts[hash] { return .account(account) }
            state.prune(now: now, bound: bound)
            if let expires = state.misses[hash], expires > now { return .miss }
            state.storeLookups += 1
            return .nothing(epoch: state.epoch)
        }
        switch remembered {
        case .account(let account): return account
        case .miss: return nil
        case .nothing(let epoch):
            let account = try await lookUp(hash)
            let expires = clock.monotonic + configuration.missLifetime
            state.withLock { state in
                guard state.epoch == epoch else { return }
                if let account {
                    state.accounts[hash] = account
                } else {
                    state.misses[hash] = expires
                    state.order.append((hash, expires))
                    state.prune(now: now, bound: bound)
                }
            }
            return account
        }
    }

    /// Forgets what is remembered about `hash`: call it when a key is revoked or created.
    package func forget(_ hash: ContentHash) {
        state.withLock { state in
            state.accounts[hash] = nil
            state.misses[hash] = nil
            state.epoch &+= 1
        }
    }

    /// How many times ``account(for:lookUp:)`` asked the store (for tests and metrics).
    package var storeLookups: Int { state.withLock { $0.storeLookups } }

    /// How many misses are remembered now.
    package var rememberedMisses: Int { state.withLock { $0.misses.count } }
}
