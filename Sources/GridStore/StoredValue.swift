import Foundation
import GridCore

/// How Swift values are written to columns, in forms both SQLite and PostgreSQL hold exactly.
///
/// - Dates are whole milliseconds since 1970 (UTC) in a 64-bit integer, rounded to the nearest
///   millisecond, so a date read back equals the one written whenever it was already whole
///   milliseconds.
/// - `UInt64` values (seeds, fuel, sizes) are stored as the `Int64` with the same bit pattern:
///   both databases' integers are signed 64-bit, and seeds use all 64 bits. Values at or above
///   2^63 therefore read as negative in a SQL console; never compare them in SQL.
/// - Identifiers are lowercase UUID text, hashes lowercase hex text, structured values JSON text.
enum StoredValue {
    /// Milliseconds since 1970 for `date`; throws for a date no 64-bit millisecond count holds.
    static func milliseconds(_ date: Date, field: String) throws(StoreError) -> Int64 {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        guard let value = Int64(exactly: millis) else {
            throw .invalidRecord("\(field) \(date) cannot be stored as milliseconds since 1970")
        }
        return value
    }

    /// The date `milliseconds` after 1970.
    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The signed integer with the same 64 bits.
    static func bits(_ value: UInt64) -> Int64 { Int64(bitPattern: value) }

    /// The unsigned integer with the same 64 bits.
    static func unsigned(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

    /// Sorted-key JSON text, so equal values are stored as equal text.
    static func json(_ value: some Encodable, field: String) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .invalidRecord("\(field) cannot be encoded as JSON: \(error)")
        }
    }
}
