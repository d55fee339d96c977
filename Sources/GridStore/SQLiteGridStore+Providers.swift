public import Foundation
public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// The provider the device is enrolled to.
    public func workerProvider(_ worker: WorkerID) async throws -> AccountID? {
        try await read { database in
            try await Self.provider(of: worker, on: database)
        }
    }

    /// Enrolls the device unless it is enrolled; returns the provider on record.
    ///
    /// Throws ``StoreError/missingReference(_:)`` when `provider` is not a stored account.
    public func enrollWorker(_ worker: WorkerID, provider: AccountID, at date: Date) async throws -> AccountID {
        let enrolledAt = try StoredValue.milliseconds(date, field: "enrolledAt")
        return try await transaction(missing: "no account \(provider) is stored") { database in
            if let existing = try await Self.provider(of: worker, on: database) { return existing }
            try await Self.insertEnrollment(worker, provider: provider, at: enrolledAt, on: database)
            return provider
        }
    }

    /// Stores the token.
    ///
    /// Throws ``StoreError/duplicate(_:)`` for a hash already stored and
    /// ``StoreError/missingReference(_:)`` for a provider that is not a stored account.
    public func createEnrollmentToken(_ token: EnrollmentTokenRecord) async throws {
        let createdAt = try StoredValue.milliseconds(token.createdAt, field: "createdAt")
        let expiresAt = try StoredValue.milliseconds(token.expiresAt, field: "expiresAt")
        try await run(duplicate: "an enrollment token with this hash", missing: "no account \(token.provider) is stored") { database in
            try await database.insert(into: "enrollment_tokens")
                .columns("token_hash", "provider_id", "created_at", "expires_at")
                .values(SQLBind(token.hash.hex), SQLBind(token.provider.description), SQLBind(createdAt), SQLBind(expiresAt))
                .run()
        }
    }

    /// The token with this hash.
    public func enrollmentToken(hash: ContentHash) async throws -> EnrollmentTokenRecord? {
        try await read { database in
            try await Self.token(hash: hash, on: database)
        }
    }

    /// Redeems the token for the device, in one transaction.
    public func redeemEnrollmentToken(hash: ContentHash, worker: WorkerID, at date: Date) async throws -> TokenRedemption {
        let now = try StoredValue.milliseconds(date, field: "date")
        return try await transaction { database in
            guard let token = try await Self.token(hash: hash, on: database) else { return .unknown }
            if let existing = try await Self.provider(of: worker, on: database) {
                return existing == token.provider ? .enrolled(provider: existing) : .enrolledElsewhere(provider: existing)
            }
            if token.usedBy != nil { return .used }
            if StoredValue.date(milliseconds: now) >= token.expiresAt { return .expired(at: token.expiresAt) }
            try await database.update("enrollment_tokens")
                .set("used_by", to: SQLBind(worker.description))
                .set("used_at", to: SQLBind(now))
                .where("token_hash", .equal, SQLBind(hash.hex))
                .run()
            try await Self.insertEnrollment(worker, provider: token.provider, at: now, on: database)
            return .enrolled(provider: token.provider)
        }
    }

    private static func provider(of worker: WorkerID, on database: any SQLDatabase) async throws -> AccountID? {
        let row = try await database.select().column("provider_id").from("worker_providers")
            .where("worker_id", .equal, SQLBind(worker.description))
            .first()
        return try row.map { try StoredRow(row: $0, table: "worker_providers").identifier("provider_id") }
    }

    private static func insertEnrollment(_ worker: WorkerID, provider: AccountID, at enrolledAt: Int64, on database: any SQLDatabase) async throws {
        try await database.insert(into: "worker_providers")
            .columns("worker_id", "provider_id", "enrolled_at")
            .values(SQLBind(worker.description), SQLBind(provider.description), SQLBind(enrolledAt))
            .run()
    }

    private static func token(hash: ContentHash, on database: any SQLDatabase) async throws -> EnrollmentTokenRecord? {
        let row = try await database.select()
            .columns("token_hash", "provider_id", "created_at", "expires_at", "used_by", "used_at")
            .from("enrollment_tokens")
            .where("token_hash", .equal, SQLBind(hash.hex))
            .first()
        return try row.map { row in
            let stored = StoredRow(row: row, table: "enrollment_tokens")
            return EnrollmentTokenRecord(
                hash: try stored.hash("token_hash"), provider: try stored.identifier("provider_id"),
                createdAt: try stored.date("created_at"), expiresAt: try stored.date("expires_at"),
                usedBy: try stored.isNull("used_by") ? nil : try stored.identifier("used_by"),
                usedAt: try stored.optionalDate("used_at"))
        }
    }
}
