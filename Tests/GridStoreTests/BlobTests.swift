import Foundation
import GridCore
import GridStore
import Testing

@Suite("Blobs")
struct BlobTests {
    @Test("bytes come back under their SHA-256")
    func roundTrip() async throws {
        try await withTemporaryStore { store in
            let bytes = Data((0..<4096).map { UInt8($0 % 251) })
            let hash = try await store.putBlob(bytes)
            #expect(hash == ContentHash(of: bytes))
            #expect(try await store.blob(hash) == bytes)
        }
    }

    @Test("storing the same bytes again changes nothing")
    func idempotentPut() async throws {
        try await withTemporaryStore { store in
            let bytes = Data("module".utf8)
            let first = try await store.putBlob(bytes)
            let second = try await store.putBlob(bytes)
            #expect(first == second)
            #expect(try await store.blob(first) == bytes)
        }
    }

    @Test("hasBlob tells stored from unknown hashes")
    func hasBlob() async throws {
        try await withTemporaryStore { store in
            let hash = try await store.putBlob(Data("stored".utf8))
            let unknown = ContentHash(of: Data("never stored".utf8))
            #expect(try await store.hasBlob(hash))
            #expect(try await store.hasBlob(unknown) == false)
            #expect(try await store.blob(unknown) == nil)
        }
    }

    @Test("an empty blob round-trips as empty")
    func emptyBlob() async throws {
        try await withTemporaryStore { store in
            let hash = try await store.putBlob(Data())
            #expect(try await store.hasBlob(hash))
            #expect(try await store.blob(hash) == Data())
        }
    }
}
