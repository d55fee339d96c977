import Foundation
import GridCore
import SQLKit

/// One fetched row, read column by column into Idlegrid types.
///
/// Every failure, whether a missing column, a wrong SQL type or text that does not parse,
/// becomes ``StoreError/corruptRow(table:column:detail:)`` naming the table and column, so bad
/// stored data is reported and never crashes the coordinator.
struct StoredRow {
    let row: any SQLRow
    let table: String

    private func corrupt(_ column: String, _ detail: String) -> StoreError {
        .corruptRow(table: table, column: column, detail: detail)
    }

    private func decode<T: Decodable>(_ column: String, as type: T.Type) throws(StoreError) -> T {
        do {
            if try row.decodeNil(column: column) {
                throw corrupt(column, "it is NULL")
            }
            return try row.decode(column: column, as: T.self)
        } catch let error as StoreError {
            throw error
        } catch {
            throw corrupt(column, "expected \(T.self): \(error)")
        }
    }

    /// Whether the column is NULL (or absent).
    func isNull(_ column: String) throws(StoreError) -> Bool {
        do {
            return try row.decodeNil(column: column)
        } catch {
            throw corrupt(column, "\(error)")
        }
    }

    func string(_ column: String) throws(StoreError) -> String {
        try decode(column, as: String.self)
    }

    func int64(_ column: String) throws(StoreError) -> Int64 {
        try decode(column, as: Int64.self)
    }

    func int(_ column: String) throws(StoreError) -> Int {
        let value = try int64(column)
        guard let narrowed = Int(exactly: value) else { throw corrupt(column, "\(value) does not fit Int") }
        return narrowed
    }

    /// A `UInt64` stored by bit pattern (``StoredValue/bits(_:)``).
    func uint64(_ column: String) throws(StoreError) -> UInt64 {
        StoredValue.unsigned(try int64(column))
    }

    func bool(_ column: String) throws(StoreError) -> Bool {
        try decode(column, as: Bool.self)
    }

    func bytes(_ column: String) throws(StoreError) -> Data {
        try decode(column, as: Data.self)
    }

    /// A `BLOB` column that may be NULL.
    func optionalBytes(_ column: String) throws(StoreError) -> Data? {
        try isNull(column) ? nil : try bytes(column)
    }

    func date(_ column: String) throws(StoreError) -> Date {
        StoredValue.date(milliseconds: try int64(column))
    }

    func optionalDate(_ column: String) throws(StoreError) -> Date? {
        try isNull(column) ? nil : date(column)
    }

    func identifier<ID: GridIdentifier>(_ column: String, as type: ID.Type = ID.self) throws(StoreError) -> ID {
        let text = try string(column)
        guard let id = ID(text) else { throw corrupt(column, "'\(text)' is not a \(ID.kind)") }
        return id
    }

    func optionalIdentifier<ID: GridIdentifier>(_ column: String, as type: ID.Type = ID.self) throws(StoreError) -> ID? {
        try isNull(column) ? nil : try identifier(column, as: type)
    }

    func hash(_ column: String) throws(StoreError) -> ContentHash {
        let text = try string(column)
        do {
            return try ContentHash(hex: text)
        } catch {
            throw corrupt(column, error.message)
        }
    }

    /// A blob named by a hash column and a size column, or nil when the hash is NULL.
    func optionalBlob(_ hashColumn: String, size sizeColumn: String) throws(StoreError) -> BlobReference? {
        try isNull(hashColumn) ? nil : BlobReference(hash: try hash(hashColumn), size: try int(sizeColumn))
    }

    /// An `Int` column that may be NULL.
    func optionalInt(_ column: String) throws(StoreError) -> Int? {
        try isNull(column) ? nil : try int(column)
    }

    /// A `String`-backed enum such as ``JobState``.
    func enumeration<E: RawRepresentable>(_ column: String, as type: E.Type = E.self) throws(StoreError) -> E
    where E.RawValue == String {
        let text = try string(column)
        guard let value = E(rawValue: text) else { throw corrupt(column, "'\(text)' is not a known \(E.self)") }
        return value
    }

    /// A value stored as JSON text (``StoredValue/json(_:field:)``).
    func json<T: Decodable>(_ column: String, as type: T.Type = T.self) throws(StoreError) -> T {
        let text = try string(column)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw corrupt(column, "not a JSON \(T.self): \(error)")
        }
    }
}
