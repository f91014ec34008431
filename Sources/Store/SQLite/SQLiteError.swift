import CSQLite

/// A failed SQLite call: the extended result code, SQLite's own message and the SQL involved.
public struct SQLiteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Extended result code (e.g. 2067 = SQLITE_CONSTRAINT_UNIQUE).
    public let code: Int32
    /// The message SQLite gave (sqlite3_errmsg), or ours when the wrapper detected the problem.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// An error with an explicit code and message (for problems the wrapper itself detects).
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// Reads the connection's current error (call right after a failing sqlite3_* function).
    init(connection: OpaquePointer?, code: Int32, sql: String?) {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: message, sql: sql)
    }

    /// The primary result code (the low byte of the extended one).
    public var primaryCode: Int32 { code & 0xFF }

    /// A UNIQUE or PRIMARY KEY constraint refused the row (the hub answers 409).
    public var isUniqueViolation: Bool {
        code == SQLiteCode.constraintUnique || code == SQLiteCode.constraintPrimaryKey
    }

    /// Any constraint (UNIQUE, NOT NULL, CHECK, FOREIGN KEY) refused the change.
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    /// Another connection held a lock longer than busy_timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// The message, fit for an HTTP problem body or a start-up log line.
    public var description: String {
        var text = "SQLite error \(code) (\(String(cString: sqlite3_errstr(code)))): \(message)"
        if let sql { text += " [in: \(sql.prefix(200))]" }
        return text
    }
}

/// Extended result codes that sqlite3.h defines as macros Swift cannot import.
enum SQLiteCode {
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    static let misuse: Int32 = SQLITE_MISUSE
}
