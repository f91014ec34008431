import CSQLite

/// A SQLite database in WAL mode shared by many threads: one writer connection behind a lock,
/// and a small pool of read-only connections that run concurrently with it and with each other.
public final class Database: @unchecked Sendable {
    /// The database file.
    public let path: String
    private let writer: ConnectionPool
    private let readers: ConnectionPool

    /// Opens (creating if needed) the database at `path` with `readerCount` reader connections.
    public init(path: String, readerCount: Int = 4) throws {
        precondition(readerCount > 0, "readerCount must be at least 1")
        self.path = path
        let writeConnection = try Connection(path: path, readOnly: false)
        try Database.configureWriter(writeConnection)
        // Readers open after the writer switched to WAL, so they find the -wal/-shm files it made.
        var readConnections: [Connection] = []
        for _ in 0..<readerCount {
            let reader = try Connection(path: path, readOnly: true)
            try reader.execute("PRAGMA busy_timeout = \(Database.busyTimeoutMilliseconds)")
            readConnections.append(reader)
        }
        writer = ConnectionPool([writeConnection])
        readers = ConnectionPool(readConnections)
    }

    static let busyTimeoutMilliseconds = 5_000

    private static func configureWriter(_ connection: Connection) throws {
        let mode = try connection.scalar("PRAGMA journal_mode = WAL", as: String.self)
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(code: SQLITE_ERROR,
                              message: "could not switch '\(connection.path)' to WAL (journal_mode is \(mode ?? "unknown")); is the file on a network file system?")
        }
        // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
        try connection.execute("""
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA busy_timeout = \(busyTimeoutMilliseconds);
            """)
    }

    /// Runs `body` in a write transaction (BEGIN IMMEDIATE ... COMMIT; ROLLBACK when it throws).
    @discardableResult
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withConnection { try $0.transaction(.immediate, body) }
    }

    /// Holds the write lock around `body`, which opens its own transaction(s) on the connection.
    /// For work that must follow a commit or rollback while no other writer can run (blob cleanup).
    public func withWriteLock<T>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withConnection(body)
    }

    /// Runs `body` in a read transaction on a pooled reader: every query inside sees one snapshot.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try readers.withConnection { try $0.transaction(.deferred, body) }
    }

    /// Runs `body` on a pooled reader without a transaction: each statement sees the latest commit.
    /// Cheaper than read(_:) for a single query on a hot path.
    public func readSingle<T>(_ body: (Connection) throws -> T) throws -> T {
        try readers.withConnection(body)
    }

    /// Waits for running calls to finish, then closes every connection.
    public func close() {
        readers.close()
        writer.close()
    }
}
