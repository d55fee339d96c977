import Foundation
import GridCore
import GridStore
import Testing

@Suite("API key lifecycle")
struct APIKeyTests {
    @Test("an account's keys are listed oldest first, each by id, with no secret")
    func listKeys() async throws {
        try await withTemporaryStore { store in
            let account = Sample.account()
            let first = Sample.keyHash()
            try await store.createAccount(account, apiKeyHash: first)
            let second = APIKeyRecord(account: account.id, hash: Sample.keyHash(), createdAt: Sample.date(500))
            try await store.createAPIKey(second)
            try await store.createAccount(Sample.account("bob"), apiKeyHash: Sample.keyHash())

            let keys = try await store.apiKeys(account: account.id)
            #expect(keys.map(\.hash) == [first, second.hash])
            #expect(keys[0].createdAt == account.createdAt)
            #expect(keys[1] == second)
            #expect(keys.allSatisfy { $0.isActive })
            #expect(try await store.account(apiKeyHash: second.hash) == account)
        }
    }

    @Test("a revoked key finds no account; revoking again changes nothing")
    func revoke() async throws {
        try await withTemporaryStore { store in
            let account = Sample.account()
            let old = Sample.keyHash()
            try await store.createAccount(account, apiKeyHash: old)
            let new = APIKeyRecord(account: account.id, hash: Sample.keyHash(), createdAt: Sample.date(500))
            try await store.createAPIKey(new)
            let oldID = try #require(try await store.apiKeys(account: account.id).first?.id)

            guard case .revoked(let revoked) = try await store.revokeAPIKey(oldID, account: account.id, at: Sample.date(900)) else {
                Issue.record("not revoked")
                return
            }
            #expect(revoked.revokedAt == Sample.date(900))
            #expect(try await store.account(apiKeyHash: old) == nil)
            #expect(try await store.account(apiKeyHash: new.hash) == account)
            #expect(try await store.apiKeys(account: account.id).first?.revokedAt == Sample.date(900))

            let again = try await store.revokeAPIKey(oldID, account: account.id, at: Sample.date(1_900))
            #expect(again == .alreadyRevoked(revoked))
        }
    }

    @Test("the account's last active key is not revoked, and another account's key is not found")
    func lastActiveKeyAndOtherAccounts() async throws {
        try await withTemporaryStore { store in
            let alice = Sample.account()
            let bob = Sample.account("bob")
            let aliceKey = Sample.keyHash()
            try await store.createAccount(alice, apiKeyHash: aliceKey)
            try await store.createAccount(bob, apiKeyHash: Sample.keyHash())
            let id = try #require(try await store.apiKeys(account: alice.id).first?.id)

            guard case .lastActiveKey = try await store.revokeAPIKey(id, account: alice.id, at: Sample.date(900)) else {
                Issue.record("the last active key was revoked")
                return
            }
            #expect(try await store.account(apiKeyHash: aliceKey) == alice)
            #expect(try await store.revokeAPIKey(id, account: bob.id, at: Sample.date(900)) == .notFound)
            #expect(try await store.revokeAPIKey(APIKeyID(), account: alice.id, at: Sample.date(900)) == .notFound)
            #expect(try await store.account(apiKeyHash: aliceKey) == alice)
        }
    }

    @Test("a key for an account that is not stored, or with a hash in use, is refused")
    func badKeys() async throws {
        try await withTemporaryStore { store in
            await #expect(throws: StoreError.missingReference("")) {
                try await store.createAPIKey(APIKeyRecord(account: AccountID(), hash: Sample.keyHash(), createdAt: Sample.date(1)))
            }
            let account = Sample.account()
            let hash = Sample.keyHash()
            try await store.createAccount(account, apiKeyHash: hash)
            await #expect(throws: StoreError.duplicate("")) {
                try await store.createAPIKey(APIKeyRecord(account: account.id, hash: hash, createdAt: Sample.date(1)))
            }
            #expect(try await store.apiKeys(account: account.id).count == 1)
        }
    }

    @Test("migration 0005 gives keys stored before it an id and their account's creation time")
    func backfill() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        do {
            try await store.migrate(Array(StoreMigration.all.prefix { $0.name != "0005-api-key-lifecycle" }))
            let accounts = [Sample.account(), Sample.account("bob")]
            let hashes = [Sample.keyHash(), Sample.keyHash()]
            for (account, hash) in zip(accounts, hashes) {
                try await store.execute(rawSQL: """
                    INSERT INTO accounts (id, name, role, created_at) VALUES ('\(account.id)', '\(account.name)', 'client', 123);
                    """)
                try await store.execute(rawSQL: "INSERT INTO api_keys (key_hash, account_id) VALUES ('\(hash.hex)', '\(account.id)')")
            }
            try await store.migrate()
            #expect(try await store.appliedMigrations().contains("0005-api-key-lifecycle"))
            var ids: Set<APIKeyID> = []
            for (account, hash) in zip(accounts, hashes) {
                let keys = try await store.apiKeys(account: account.id)
                #expect(keys.count == 1)
                #expect(keys.first?.hash == hash)
                #expect(keys.first?.createdAt == Date(timeIntervalSince1970: 0.123))
                #expect(keys.first?.revokedAt == nil)
                ids.formUnion(keys.map(\.id))
                #expect(try await store.account(apiKeyHash: hash)?.id == account.id)
            }
            #expect(ids.count == 2)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
