import CSQLite

/// The current row of a statement being stepped; valid only inside the row closure that receives it.
public struct Row {
    let statement: Statement

    /// The value of column `index` (0-based), decoded as T (use an Optional T for nullable columns).
    public func get<T: SQLiteColumnDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard index >= 0, index < statement.columnCount else {
            throw SQLiteError(code: SQLITE_RANGE,
                              message: "column index \(index) out of range 0..<\(statement.columnCount)",
                              sql: statement.sql)
        }
        return try T.decode(from: statement.handle, at: Int32(index))
    }

    /// The value of the column named `name`, decoded as T (use an Optional T for nullable columns).
    public func get<T: SQLiteColumnDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try T.decode(from: statement.handle, at: statement.columnIndex(named: name))
    }

    /// True when column `name` is SQL NULL.
    public func isNull(_ name: String) throws -> Bool {
        sqlite3_column_type(statement.handle, try statement.columnIndex(named: name)) == SQLITE_NULL
    }
}
