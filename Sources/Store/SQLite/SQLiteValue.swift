import CSQLite

/// SQLite's "copy the buffer now" destructor (SQLITE_TRANSIENT), a macro Swift cannot import.
let sqliteTransient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)

/// A Swift value that can be bound to a `?` parameter of a prepared statement.
public protocol SQLiteBindable {
    /// Binds self to parameter `index` (1-based) of `statement`; returns SQLite's result code.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

/// A Swift value that can be read from a result column of the current row.
public protocol SQLiteColumnDecodable {
    /// Reads column `index` (0-based); throws when the stored type does not fit Self.
    static func decode(from statement: OpaquePointer, at index: Int32) throws -> Self
}

/// The error for a column whose stored type is not the one the caller asked for.
func columnTypeMismatch(_ statement: OpaquePointer, _ index: Int32, expected: String) -> SQLiteError {
    let name = sqlite3_column_name(statement, index).map { String(cString: $0) } ?? "#\(index)"
    let stored: String
    switch sqlite3_column_type(statement, index) {
    case SQLITE_INTEGER: stored = "INTEGER"
    case SQLITE_FLOAT: stored = "REAL"
    case SQLITE_TEXT: stored = "TEXT"
    case SQLITE_BLOB: stored = "BLOB"
    default: stored = "NULL"
    }
    let sql = sqlite3_sql(statement).map { String(cString: $0) }
    return SQLiteError(code: SQLITE_MISMATCH,
                       message: "column '\(name)' holds \(stored) but \(expected) was expected", sql: sql)
}

extension Int: SQLiteBindable, SQLiteColumnDecodable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, sqlite3_int64(self))
    }
    public static func decode(from statement: OpaquePointer, at index: Int32) throws -> Int {
        guard sqlite3_column_type(statement, index) == SQLITE_INTEGER else {
            throw columnTypeMismatch(statement, index, expected: "INTEGER")
        }
        return Int(sqlite3_column_int64(statement, index))
    }
}

extension Int64: SQLiteBindable, SQLiteColumnDecodable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self)
    }
    public static func decode(from statement: OpaquePointer, at index: Int32) throws -> Int64 {
        Int64(try Int.decode(from: statement, at: index))
    }
}

extension Double: SQLiteBindable, SQLiteColumnDecodable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_double(statement, index, self)
    }
    public static func decode(from statement: OpaquePointer, at index: Int32) throws -> Double {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_FLOAT, SQLITE_INTEGER: return sqlite3_column_double(statement, index)
        default: throw columnTypeMismatch(statement, index, expected: "REAL")
        }
    }
}

extension String: SQLiteBindable, SQLiteColumnDecodable {
    // Explicit byte length: embedded NULs are kept, and an empty string stays TEXT rather than NULL.
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        var text = self
        return text.withUTF8 { utf8 in
            guard utf8.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
            guard let base = utf8.baseAddress, utf8.count > 0 else {
                return sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(statement, index, $0, Int32(utf8.count), sqliteTransient)
            }
        }
    }
    public static func decode(from statement: OpaquePointer, at index: Int32) throws -> String {
        guard sqlite3_column_type(statement, index) == SQLITE_TEXT else {
            throw columnTypeMismatch(statement, index, expected: "TEXT")
        }
        // sqlite3_column_text before sqlite3_column_bytes, as the SQLite docs require.
        guard let text = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
}

extension Array: SQLiteBindable where Element == UInt8 {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withUnsafeBytes { bytes in
            guard bytes.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_zeroblob(statement, index, 0)
            }
            return sqlite3_bind_blob(statement, index, base, Int32(bytes.count), sqliteTransient)
        }
    }
}

extension Array: SQLiteColumnDecodable where Element == UInt8 {
    public static func decode(from statement: OpaquePointer, at index: Int32) throws -> [UInt8] {
        guard sqlite3_column_type(statement, index) == SQLITE_BLOB else {
            throw columnTypeMismatch(statement, index, expected: "BLOB")
        }
        guard let blob = sqlite3_column_blob(statement, index) else { return [] }
        let count = Int(sqlite3_column_bytes(statement, index))
        return Array(UnsafeRawBufferPointer(start: blob, count: count))
    }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .some(let value): return value.bind(to: statement, at: index)
        case .none: return sqlite3_bind_null(statement, index)
        }
    }
}

extension Optional: SQLiteColumnDecodable where Wrapped: SQLiteColumnDecodable {
    public static func decode(from statement: OpaquePointer, at index: Int32) throws -> Wrapped? {
        if sqlite3_column_type(statement, index) == SQLITE_NULL { return nil }
        return try Wrapped.decode(from: statement, at: index)
    }
}
