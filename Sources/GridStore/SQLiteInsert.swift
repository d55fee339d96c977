import Foundation
import SQLiteKit

/// A multi-row `INSERT` as SQLite text with one `?` per value, its values bound as `SQLiteData`.
///
/// The settlement path writes thousands of rows a second; SQLKit's serializer and its
/// `Encodable` binds cost more CPU there than SQLite itself (NetworkBenchmark's profile), while
/// these few statements never change shape. Reads and rare writes stay on SQLKit.
struct SQLiteInsert: Sendable {
    /// The table written to.
    let table: String
    /// Its columns, in the order of each row's values.
    let columns: [String]
    /// What follows the `VALUES` list: a conflict clause, a `RETURNING` clause.
    let suffix: String
    /// Rows per statement, keeping bound values far below SQLite's limit of 32,766.
    let rowsPerStatement: Int

    /// One statement per `rowsPerStatement` rows, each with its values in order.
    func statements(_ rows: [[SQLiteData]]) -> [(sql: String, binds: [SQLiteData])] {
        stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            let chunk = rows[start..<min(start + rowsPerStatement, rows.count)]
            let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: tuple, count: chunk.count).joined(separator: ", ") + (suffix.isEmpty ? "" : " " + suffix)
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns.count)
            for row in chunk { binds += row }
            return (sql, binds)
        }
    }
}

extension SQLiteData {
    /// Text, or NULL for nil.
    static func optionalText(_ text: String?) -> SQLiteData {
        text.map { .text($0) } ?? .null
    }

    /// A blob of these bytes.
    static func bytes(_ data: Data) -> SQLiteData {
        // SQLiteNIO's own conversion, which copies the bytes into a buffer (never nil for Data).
        data.sqliteData ?? .null
    }

    /// SQLite's form of a Boolean: 1 or 0.
    static func boolean(_ value: Bool) -> SQLiteData {
        .integer(value ? 1 : 0)
    }
}
