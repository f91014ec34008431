import CSQLite

/// A prepared statement. It belongs to one Connection and, like it, is used by one thread at a time.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private let connection: OpaquePointer
    /// Set while a caller is stepping through it, so a re-entrant use gets a fresh statement instead.
    var isInUse = false
    private lazy var columnIndexes: [String: Int32] = {
        var indexes: [String: Int32] = [:]
        for index in 0..<sqlite3_column_count(handle) {
            if let name = sqlite3_column_name(handle, index) { indexes[String(cString: name)] = index }
        }
        return indexes
    }()

    /// Compiles one SQL statement; `persistent` hints SQLite that it will be reused many times.
    init(connection: OpaquePointer, sql: String, persistent: Bool) throws {
        var handle: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        // The tail points into the C string, so it is inspected while that string is alive.
        let (code, hasSecondStatement) = sql.withCString { text -> (Int32, Bool) in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, text, -1, flags, &handle, &tail)
            let rest = tail.map { String(cString: $0) } ?? ""
            return (code, !rest.allSatisfy { $0.isWhitespace || $0 == ";" })
        }
        guard code == SQLITE_OK, let handle else {
            throw SQLiteError(connection: connection, code: code, sql: sql)
        }
        // A second statement after the first would be silently ignored: refuse it.
        if hasSecondStatement {
            sqlite3_finalize(handle)
            throw SQLiteError(code: SQLiteCode.misuse,
                              message: "only one SQL statement per call; use execute(_:) for scripts", sql: sql)
        }
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `parameters` to ?1...?N; the count must match the statement's parameters exactly.
    func bind(_ parameters: [any SQLiteBindable]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard parameters.count == expected else {
            throw SQLiteError(code: SQLITE_RANGE,
                              message: "statement takes \(expected) parameters, \(parameters.count) were given", sql: sql)
        }
        for (offset, value) in parameters.enumerated() {
            let code = value.bind(to: handle, at: Int32(offset + 1))
            guard code == SQLITE_OK else { throw SQLiteError(connection: connection, code: code, sql: sql) }
        }
    }

    /// Advances to the next row: true when a row is available, false when the statement is done.
    func step() throws -> Bool {
        // Extended result codes are on for every connection, so `code` is already the extended one.
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw SQLiteError(connection: connection, code: code, sql: sql)
        }
    }

    /// Makes the statement ready for the next use and drops bound values (they may be large blobs).
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The 0-based index of the result column `name`.
    func columnIndex(named name: String) throws -> Int32 {
        guard let index = columnIndexes[name] else {
            throw SQLiteError(code: SQLITE_RANGE,
                              message: "no result column named '\(name)' (have: \(columnIndexes.keys.sorted()))", sql: sql)
        }
        return index
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }
}
