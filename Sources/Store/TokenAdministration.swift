/// Token management beside a running hub. `HubStore.open` takes the data directory's lock
/// (it sweeps blobs, which only one process may do), so `tpv token create` opens just the
/// database: SQLite's own locking makes that safe while a server uses the same file.
public final class TokenAdministration: @unchecked Sendable {
    private let database: Database
    /// The tokens table.
    public let tokens: TokenStore

    /// Opens DATA/hub.sqlite (creating it and applying migrations if needed) without the directory lock.
    public init(dataDirectory: String, migrationsDirectory: String? = nil) throws {
        try FileIO.makeDirectories(dataDirectory)
        database = try Database(path: dataDirectory + "/hub.sqlite", readerCount: 1)
        do {
            _ = try Migrator(directory: try migrationsDirectory ?? Migrations.defaultDirectory()).migrate(database)
        } catch {
            database.close()
            throw error
        }
        tokens = TokenStore(database: database)
    }

    /// Closes the database.
    public func close() { database.close() }
}
