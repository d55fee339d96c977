import Foundation
import GridCoordinator
import GridCore
import GridStore
import Synchronization
import Testing

@Suite("The API key cache")
struct APIKeyCacheTests {
    /// Counts the lookups that reach the store.
    final class CountingLookup: Sendable {
        let store: SQLiteGridStore
        private let count = Mutex(0)
        init(store: SQLiteGridStore) { self.store = store }
        var lookups: Int { count.withLock { $0 } }
        /// The cache's answer for `hash`, asking the store through this lookup.
        func through(_ cache: APIKeyCache, _ hash: ContentHash) async throws -> AccountRecord? {
            try await cache.account(for: hash) { hash in
                count.withLock { $0 += 1 }
                return try await store.account(apiKeyHash: hash)
            }
        }
    }

    private func withStore(_ body: (SQLiteGridStore, CountingLookup) async throws -> Void) async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        do {
            try await store.migrate()
            try await body(store, CountingLookup(store: store))
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test("a flood of one bad key reaches the store once")
    func missesAreRemembered() async throws {
        try await withStore { _, lookUp in
            let cache = APIKeyCache()
            let bad = ContentHash(of: Array("not a key".utf8))
            for _ in 0..<100 {
                let account = try await lookUp.through(cache, bad)
                #expect(account == nil)
            }
            #expect(lookUp.lookups == 1)
            #expect(cache.storeLookups == 1)
            #expect(cache.rememberedMisses == 1)
        }
    }

    @Test("a miss is forgotten after its lifetime, so the store is asked again")
    func missesExpire() async throws {
        try await withStore { _, lookUp in
            let clock = ManualClock()
            let cache = APIKeyCache(clock: clock)
            let bad = ContentHash(of: Array("not a key".utf8))
            _ = try await lookUp.through(cache, bad)
            clock.advance(by: .seconds(29))
            _ = try await lookUp.through(cache, bad)
            #expect(lookUp.lookups == 1)
            clock.advance(by: .seconds(2))
            _ = try await lookUp.through(cache, bad)
            #expect(lookUp.lookups == 2)
        }
    }

    @Test("misses are bounded: the oldest go first")
    func missesAreBounded() async throws {
        try await withStore { _, lookUp in
            var configuration = APIKeyCache.Configuration()
            configuration.maxMisses = 8
            let cache = APIKeyCache(configuration: configuration)
            let hashes = (0..<20).map { ContentHash(of: Array("bad \($0)".utf8)) }
            for hash in hashes { _ = try await lookUp.through(cache, hash) }
            #expect(cache.rememberedMisses == 8)
            _ = try await lookUp.through(cache, hashes[19])
            #expect(lookUp.lookups == 20)
            _ = try await lookUp.through(cache, hashes[0])
            #expect(lookUp.lookups == 21)
        }
    }

    @Test("a key created after it was missed works at once once the cache forgets it")
    func forgetClearsAMiss() async throws {
        try await withStore { store, lookUp in
            let cache = APIKeyCache()
            let hash = ContentHash(of: Array("future key".utf8))
            #expect(try await lookUp.through(cache, hash) == nil)
            let account = AccountRecord(name: "late", role: .client, createdAt: Date(timeIntervalSince1970: 1_800_000_000))
            try await store.createAccount(account, apiKeyHash: hash)
            // Without forgetting, the miss still answers.
            #expect(try await lookUp.through(cache, hash) == nil)
            cache.forget(hash)
            #expect(try await lookUp.through(cache, hash) == account)
            #expect(lookUp.lookups == 2)
        }
    }

    @Test("a known key is forgotten, and a lookup that raced with forgetting is not remembered")
    func forgetBeatsARacingLookup() async throws {
        let cache = APIKeyCache()
        let hash = ContentHash(of: Array("key".utf8))
        let account = AccountRecord(name: "a", role: .client, createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        let first = await cache.account(for: hash) { _ in account }
        #expect(first == account)
        let remembered = await cache.account(for: hash) { _ in
            Issue.record("asked the store")
            return nil
        }
        #expect(remembered == account)
        cache.forget(hash)
        // The store answered with the account, but the key was revoked while it answered.
        let answered = await cache.account(for: hash) { _ in
            cache.forget(hash)
            return account
        }
        #expect(answered == account)
        let after = await cache.account(for: hash) { _ in nil }
        #expect(after == nil)
    }
}
