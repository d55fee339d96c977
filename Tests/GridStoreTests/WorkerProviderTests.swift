import Foundation
import GridCore
import GridStore
import Testing

@Suite("Workers' providers and enrollment tokens")
struct WorkerProviderTests {
    func provider(_ store: SQLiteGridStore, _ name: String) async throws -> AccountRecord {
        let account = Sample.account(name, role: .provider)
        try await store.createAccount(account, apiKeyHash: Sample.keyHash())
        return account
    }

    @Test("a device is enrolled once: a second provider does not take it over; one provider has many devices")
    func enrollOnce() async throws {
        try await withTemporaryStore { store in
            let acme = try await provider(store, "acme"), globex = try await provider(store, "globex")
            let device = WorkerID(), other = WorkerID()
            #expect(try await store.workerProvider(device) == nil)
            #expect(try await store.enrollWorker(device, provider: acme.id, at: Sample.date(1)) == acme.id)
            #expect(try await store.enrollWorker(device, provider: globex.id, at: Sample.date(2)) == acme.id)
            #expect(try await store.enrollWorker(other, provider: acme.id, at: Sample.date(3)) == acme.id)
            #expect(try await store.workerProvider(device) == acme.id)
            #expect(try await store.workerProvider(other) == acme.id)
            // An account that is not stored is refused, and nothing is enrolled.
            let stray = WorkerID()
            await #expect(throws: StoreError.missingReference("")) {
                try await store.enrollWorker(stray, provider: AccountID(), at: Sample.date(4))
            }
            #expect(try await store.workerProvider(stray) == nil)
        }
    }

    @Test("a token enrolls one device, once, before it expires; it is read back as stored")
    func redeem() async throws {
        try await withTemporaryStore { store in
            let acme = try await provider(store, "acme"), globex = try await provider(store, "globex")
            let token = EnrollmentTokenRecord(hash: Sample.keyHash(), provider: acme.id, createdAt: Sample.date(0), expiresAt: Sample.date(10_000))
            try await store.createEnrollmentToken(token)
            #expect(try await store.enrollmentToken(hash: token.hash) == token)
            await #expect(throws: StoreError.duplicate("")) { try await store.createEnrollmentToken(token) }

            let first = WorkerID(), second = WorkerID()
            #expect(try await store.redeemEnrollmentToken(hash: Sample.keyHash(), worker: first, at: Sample.date(1)) == .unknown)
            #expect(try await store.redeemEnrollmentToken(hash: token.hash, worker: first, at: Sample.date(5)) == .enrolled(provider: acme.id))
            #expect(try await store.enrollmentToken(hash: token.hash)?.usedBy == first)
            #expect(try await store.enrollmentToken(hash: token.hash)?.usedAt == Sample.date(5))
            #expect(try await store.workerProvider(first) == acme.id)
            // The same device again: still enrolled, nothing changes; another device: used.
            #expect(try await store.redeemEnrollmentToken(hash: token.hash, worker: first, at: Sample.date(6)) == .enrolled(provider: acme.id))
            #expect(try await store.enrollmentToken(hash: token.hash)?.usedAt == Sample.date(5))
            #expect(try await store.redeemEnrollmentToken(hash: token.hash, worker: second, at: Sample.date(7)) == .used)
            #expect(try await store.workerProvider(second) == nil)

            // Expired: at the instant of expiry and after.
            let late = EnrollmentTokenRecord(hash: Sample.keyHash(), provider: acme.id, createdAt: Sample.date(0), expiresAt: Sample.date(100))
            try await store.createEnrollmentToken(late)
            #expect(try await store.redeemEnrollmentToken(hash: late.hash, worker: second, at: Sample.date(100)) == .expired(at: Sample.date(100)))
            #expect(try await store.enrollmentToken(hash: late.hash)?.usedBy == nil)

            // A device of acme's presenting globex's token is not moved, and the token stays unused.
            let theirs = EnrollmentTokenRecord(hash: Sample.keyHash(), provider: globex.id, createdAt: Sample.date(0), expiresAt: Sample.date(10_000))
            try await store.createEnrollmentToken(theirs)
            #expect(try await store.redeemEnrollmentToken(hash: theirs.hash, worker: first, at: Sample.date(8)) == .enrolledElsewhere(provider: acme.id))
            #expect(try await store.enrollmentToken(hash: theirs.hash)?.usedBy == nil)
            #expect(try await store.workerProvider(first) == acme.id)
        }
    }

    @Test("enrollments and tokens survive reopening the database")
    func durable() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        do {
            try await store.migrate()
            let acme = try await provider(store, "acme")
            let device = WorkerID()
            _ = try await store.enrollWorker(device, provider: acme.id, at: Sample.date(1))
            let reader = try await SQLiteGridStore(path: store.path)
            #expect(try await reader.workerProvider(device) == acme.id)
            try await reader.close()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
