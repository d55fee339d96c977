import Crypto
import Foundation
import GridClient
import GridCoordinator
import GridCore
import Testing

@Suite("API keys are listed, rotated and revoked, and bad keys do not reach the store", .serialized)
struct APIKeyLifecycleTests {
    @Test func aRotatedKeyWorksAtOnceAndARevokedKeyIsRefusedOnTheVeryNextRequest() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let old = network.client
            let oldKey = try #require(old.apiKey)
            let listed = try await old.apiKeys()
            #expect(listed.keys.count == 1)
            let first = try #require(listed.keys.first)
            #expect(first.current)
            #expect(first.revokedAt == nil)
            let digest = SHA256.hash(data: Data(oldKey.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(first.lastDigits == String(digest.suffix(4)))
            // Neither the secret nor its hash is ever answered.
            let raw = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/accounts/me/keys", key: oldKey)
            let text = String(decoding: raw.body, as: UTF8.self)
            #expect(!text.contains(oldKey) && !text.contains(digest))

            let created = try await old.createAPIKey()
            #expect(created.apiKey.count == 64)
            #expect(!created.key.current)
            let new = old.with(apiKey: created.apiKey)
            _ = try await new.jobs()
            let both = try await new.apiKeys()
            #expect(both.keys.map(\.id) == [first.id, created.key.id])
            #expect(both.keys.map(\.current) == [false, true])

            // The old key has been used (so it is cached); revoked, its very next request is a 401.
            _ = try await old.jobs()
            let revoked = try await new.revokeAPIKey(first.id)
            #expect(revoked.id == first.id)
            #expect(revoked.revokedAt != nil)
            let refused = await problem { _ = try await old.jobs() }
            #expect(refused?.status == 401)
            let refusedAgain = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/jobs", key: oldKey)
            #expect(refusedAgain.status == 401)
            #expect(try await new.apiKeys().keys.first?.revokedAt == revoked.revokedAt)

            // Revoking again changes nothing.
            #expect(try await new.revokeAPIKey(first.id) == revoked)

            // The last active key is not revoked: the problem names the field and the fix.
            let last = await problem { _ = try await new.revokeAPIKey(created.key.id) }
            #expect(last?.status == 409)
            #expect(last?.field == "id")
            #expect(last?.detail.contains("POST /v1/accounts/me/keys") == true)
            _ = try await new.jobs()

            // Another account's key is not the caller's to see or revoke.
            let operatorKeys = try await network.operatorClient.apiKeys()
            let theirs = try #require(operatorKeys.keys.first)
            let notFound = await problem { _ = try await new.revokeAPIKey(theirs.id) }
            #expect(notFound?.status == 404)
            #expect(try await network.operatorClient.apiKeys() == operatorKeys)
            let malformed = try await RawHTTP.send(.DELETE, "\(network.baseURL)/v1/accounts/me/keys/nope", key: created.apiKey)
            #expect(malformed.status == 400)
            #expect(malformed.json?["field"] as? String == "id")
            let anonymous = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/accounts/me/keys")
            #expect(anonymous.status == 401)
        }
    }

    @Test func anAccountHoldsABoundedNumberOfActiveKeys() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.maxAPIKeysPerAccount = 2
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let second = try await network.client.createAPIKey()
            let refused = await problem { _ = try await network.client.createAPIKey() }
            #expect(refused?.status == 422)
            #expect(refused?.detail.contains("revoke one") == true)
            #expect(try await network.client.apiKeys().keys.count == 2)
            // Revoking one makes room.
            let first = try #require(try await network.client.apiKeys().keys.first { $0.current })
            _ = try await network.client.with(apiKey: second.apiKey).revokeAPIKey(first.id)
            _ = try await network.client.with(apiKey: second.apiKey).createAPIKey()
        }
    }

    @Test func aFloodOfOneBadKeyReachesTheStoreOnce() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let bad = String(repeating: "0", count: 64)
            let before = network.coordinator.keyCache.storeLookups
            for _ in 0..<50 {
                let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/jobs", key: bad)
                #expect(answer.status == 401)
            }
            #expect(network.coordinator.keyCache.storeLookups - before == 1)
            // A good key is looked up once too, then remembered.
            for _ in 0..<5 { _ = try await network.client.jobs() }
            #expect(network.coordinator.keyCache.storeLookups - before <= 2)
        }
    }
}
