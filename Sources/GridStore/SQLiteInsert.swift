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
    /// The text of a statement of `rowsPerStatement` rows, made once: the settlement path sends
    /// it several times a batch.
    private let fullStatement: String

    init(table: String, columns: [String], suffix: String, rowsPerStatement: Int) {
        self.table = table
        self.columns = columns
        self.suffix = suffix
        self.rowsPerStatement = rowsPerStatement
        fullStatement = Self.sql(table: table, columns: columns, suffix: suffix, rows: rowsPerStatement)
    }

    /// One statement per `rowsPerStatement` rows, each with its values in order.
    func statements(_ rows: [[SQLiteData]]) -> [(sql: String, binds: [SQLiteData])] {
        stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            let chunk = rows[start..<min(start + rowsPerStatement, rows.count)]
            let sql = chunk.count == rowsPerStatement
                ? fullStatement : Self.sql(table: table, columns: columns, suffix: suffix, rows: chunk.count)
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns.count)
            for row in chunk { binds += row }
            return (sql, binds)
        }
    }

    private static func sql(table: String, columns: [String], suffix: String, rows: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ",") + (suffix.isEmpty ? "" : " " + suffix)
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
