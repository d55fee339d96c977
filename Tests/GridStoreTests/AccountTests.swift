import Foundation
import GridCore
import GridStore
import Testing

@Suite("Accounts and API keys")
struct AccountTests {
    @Test("an account is found by its key's hash")
    func createAndLookUp() async throws {
        try await withTemporaryStore { store in
            #expect(try await store.accountCount() == 0)
            let account = Sample.account("ops", role: .operator)
            let key = Sample.keyHash()
            try await store.createAccount(account, apiKeyHash: key)
            #expect(try await store.account(apiKeyHash: key) == account)
            #expect(try await store.accountCount() == 1)
        }
    }

    @Test("an unknown key finds nothing")
    func unknownKey() async throws {
        try await withTemporaryStore { store in
            try await store.createAccount(Sample.account(), apiKeyHash: Sample.keyHash())
            #expect(try await store.account(apiKeyHash: Sample.keyHash()) == nil)
        }
    }

    @Test("a key hash already in use is refused, and the new account is not stored")
    func duplicateKey() async throws {
        try await withTemporaryStore { store in
            let key = Sample.keyHash()
            let first = Sample.account("first")
            try await store.createAccount(first, apiKeyHash: key)
            await #expect(throws: StoreError.duplicate("")) {
                try await store.createAccount(Sample.account("second"), apiKeyHash: key)
            }
            // The account row went in before the key failed; the transaction must undo it.
            #expect(try await store.accountCount() == 1)
            #expect(try await store.account(apiKeyHash: key) == first)
        }
    }

    @Test("an account id already in use is refused")
    func duplicateAccount() async throws {
        try await withTemporaryStore { store in
            let account = Sample.account()
            try await store.createAccount(account, apiKeyHash: Sample.keyHash())
            await #expect(throws: StoreError.duplicate("")) {
                try await store.createAccount(account, apiKeyHash: Sample.keyHash())
            }
        }
    }
}
