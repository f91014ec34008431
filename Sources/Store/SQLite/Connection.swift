import CSQLite

/// One SQLite connection with a cache of prepared statements.
/// Not thread-safe on its own: Database hands it to one thread at a time.
public final class Connection {
    let handle: OpaquePointer
    /// The database file this connection is open on.
    public let path: String
    private var statements: [String: Statement] = [:]
    private var isClosed = false

    /// Opens `path`; `readOnly` connections cannot change anything (readers of the pool).
    init(path: String, readOnly: Bool) throws {
        var handle: OpaquePointer?
        // NOMUTEX: SQLite's own per-connection mutex is redundant, our pool serializes each connection.
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError(connection: handle, code: code, sql: nil)
            sqlite3_close_v2(handle)
            throw SQLiteError(code: error.code,
                              message: "cannot open database '\(path)': \(error.message)", sql: nil)
        }
        sqlite3_extended_result_codes(handle, 1)
        self.handle = handle
        self.path = path
    }

    deinit { close() }

    /// Finalizes the cached statements and closes the connection; later calls fail with SQLITE_MISUSE.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs a script of one or more statements without parameters (migrations, PRAGMAs).
    public func execute(_ script: String) throws {
        try checkOpen(script)
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, script, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: script)
        }
    }

    /// Runs one statement with bound parameters and returns how many rows it changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: any SQLiteBindable...) throws -> Int {
        try run(sql, parameters: parameters)
    }

    /// Runs one statement with bound parameters and returns how many rows it changed.
    @discardableResult
    public func run(_ sql: String, parameters: [any SQLiteBindable]) throws -> Int {
        try withStatement(sql, parameters) { statement in
            while try statement.step() {}
            return Int(sqlite3_changes64(handle))
        }
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    /// Runs a query and maps every row through `transform`.
    public func query<T>(_ sql: String, _ parameters: any SQLiteBindable...,
                         row transform: (Row) throws -> T) throws -> [T] {
        try query(sql, parameters: parameters, row: transform)
    }

    /// Runs a query and maps every row through `transform`.
    public func query<T>(_ sql: String, parameters: [any SQLiteBindable],
                         row transform: (Row) throws -> T) throws -> [T] {
        try withStatement(sql, parameters) { statement in
            var rows: [T] = []
            let row = Row(statement: statement)
            while try statement.step() { rows.append(try transform(row)) }
            return rows
        }
    }

    /// Runs a query and maps its first row through `transform`; nil when there is no row.
    public func queryFirst<T>(_ sql: String, _ parameters: any SQLiteBindable...,
                              row transform: (Row) throws -> T) throws -> T? {
        try queryFirst(sql, parameters: parameters, row: transform)
    }

    /// Runs a query and maps its first row through `transform`; nil when there is no row.
    public func queryFirst<T>(_ sql: String, parameters: [any SQLiteBindable],
                              row transform: (Row) throws -> T) throws -> T? {
        try withStatement(sql, parameters) { statement in
            try statement.step() ? try transform(Row(statement: statement)) : nil
        }
    }

    /// The first column of the first row, decoded as T; nil when there is no row.
    public func scalar<T: SQLiteColumnDecodable>(_ sql: String, _ parameters: any SQLiteBindable...,
                                                 as type: T.Type = T.self) throws -> T? {
        try queryFirst(sql, parameters: parameters) { try $0.get(0, as: T.self) }
    }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// How a transaction takes its locks.
    public enum TransactionKind: String {
        /// Takes the write lock at BEGIN, so it cannot fail later with SQLITE_BUSY on upgrade.
        case immediate = "BEGIN IMMEDIATE"
        /// Reads from one consistent snapshot; takes no write lock.
        case deferred = "BEGIN DEFERRED"
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it (or the COMMIT) throws.
    public func transaction<T>(_ kind: TransactionKind, _ body: (Connection) throws -> T) throws -> T {
        guard !isInTransaction else {
            throw SQLiteError(code: SQLiteCode.misuse,
                              message: "a transaction is already open on this connection; nested transactions are not supported",
                              sql: kind.rawValue)
        }
        try run(kind.rawValue)
        do {
            let result = try body(self)
            try run("COMMIT")
            return result
        } catch {
            // SQLite may have rolled back already (e.g. after SQLITE_FULL); only roll back what is open.
            if isInTransaction { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    /// Takes the cached statement for `sql` (preparing it once), binds, runs `body`, and resets it.
    private func withStatement<T>(_ sql: String, _ parameters: [any SQLiteBindable],
                                  _ body: (Statement) throws -> T) throws -> T {
        try checkOpen(sql)
        let statement: Statement
        if let cached = statements[sql], !cached.isInUse {
            statement = cached
        } else if statements[sql] == nil {
            statement = try Statement(connection: handle, sql: sql, persistent: true)
            statements[sql] = statement
        } else {
            // The same SQL is running further up the stack (a query inside a row closure).
            statement = try Statement(connection: handle, sql: sql, persistent: false)
        }
        statement.isInUse = true
        defer {
            statement.reset()
            statement.isInUse = false
        }
        try statement.bind(parameters)
        return try body(statement)
    }

    private func checkOpen(_ sql: String) throws {
        guard !isClosed else {
            throw SQLiteError(code: SQLiteCode.misuse, message: "the database connection is closed", sql: sql)
        }
    }
}
