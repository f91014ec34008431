/// Applies the numbered SQL files of a directory to a database, in order, each in its own
/// transaction, and refuses to run against a schema it does not recognise.
public struct Migrator: Sendable {
    /// The folder holding `NNN_description.sql` files.
    public let directory: String

    /// A migrator for the files in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Checks applied migrations against the files and applies the pending ones; returns those applied now.
    @discardableResult
    public func migrate(_ database: Database) throws -> [Migration] {
        let migrations = try Migration.load(from: directory)
        // Under the write lock for the whole run: nothing else writes while the schema changes.
        return try database.withWriteLock { connection in
            try connection.transaction(.immediate) { try $0.execute(Migrator.createLedger) }
            let applied = try connection.query("SELECT version, sha256 FROM schema_migrations ORDER BY version") {
                (version: try $0.get("version", as: Int.self), sha256: try $0.get("sha256", as: String.self))
            }
            let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
            let unknown = applied.map(\.version).filter { byVersion[$0] == nil }
            guard unknown.isEmpty else {
                throw MigrationError.databaseNewerThanCode(unknownVersions: unknown, directory: directory)
            }
            for record in applied {
                let migration = byVersion[record.version]!
                guard migration.sha256 == record.sha256 else {
                    throw MigrationError.changedAfterApply(version: record.version, path: migration.path,
                                                           recordedSHA256: record.sha256, currentSHA256: migration.sha256)
                }
            }
            let appliedVersions = Set(applied.map(\.version))
            let latest = applied.last?.version ?? 0
            let pending = migrations.filter { !appliedVersions.contains($0.version) }
            if let early = pending.first(where: { $0.version < latest }) {
                throw MigrationError.outOfOrder(path: early.path, latestApplied: latest)
            }
            for migration in pending {
                do {
                    try connection.transaction(.immediate) { connection in
                        try connection.execute(migration.sql)
                        try connection.run("""
                            INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)
                            """, migration.version, migration.name, migration.sha256, Timestamp.now())
                    }
                } catch let error as SQLiteError {
                    throw MigrationError.failed(path: migration.path, error: error)
                }
            }
            return pending
        }
    }

    static let createLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            sha256     TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """
}
