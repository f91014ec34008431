import Foundation

/// The hub's persistent state in one data directory:
/// DATA/hub.sqlite (metadata, WAL), DATA/blobs/ab/cd/<sha256> (tensors, dataset files), DATA/tmp (uploads in flight).
public final class HubStore: @unchecked Sendable {
    /// The data directory.
    public let dataDirectory: String
    /// The SQLite database (for diagnostics and tests; the repositories below are the API).
    public let database: Database
    /// Content-addressed files: tensors and dataset JSONL.
    public let blobs: BlobStore
    /// API tokens.
    public let tokens: TokenStore
    /// Initial prompts, one per (model, seed).
    public let inits: InitStore
    /// Task prompt vectors.
    public let vectors: VectorStore
    /// Labelled datasets (JSONL files) and the schemas of their tasks.
    public let datasets: DatasetStore
    /// Prompt-tuning jobs: the durable queue workers claim from.
    public let jobs: JobStore
    /// What opening found and repaired.
    public let openReport: OpenReport
    private let directoryLock: DataDirectoryLock

    /// Opens the store in `dataDirectory`: creates the directories, takes the directory lock, opens
    /// SQLite, applies migrations from `migrationsDirectory` (default: Migrations.defaultDirectory()),
    /// clears DATA/tmp and deletes orphan blobs.
    public static func open(dataDirectory: String, migrationsDirectory: String? = nil,
                            readerCount: Int = 4) throws -> HubStore {
        try HubStore(dataDirectory: dataDirectory,
                     migrationsDirectory: try migrationsDirectory ?? Migrations.defaultDirectory(),
                     readerCount: readerCount)
    }

    private init(dataDirectory: String, migrationsDirectory: String, readerCount: Int) throws {
        self.dataDirectory = dataDirectory
        try FileIO.makeDirectories(dataDirectory)
        directoryLock = try DataDirectoryLock(directory: dataDirectory)
        blobs = try BlobStore(directory: dataDirectory + "/blobs", temporaryDirectory: dataDirectory + "/tmp")
        database = try Database(path: dataDirectory + "/hub.sqlite", readerCount: readerCount)
        do {
            let applied = try Migrator(directory: migrationsDirectory).migrate(database)
            let removedTemporaryFiles = try blobs.removeTemporaryFiles()
            let (orphans, missing) = try HubStore.sweepOrphans(database: database, blobs: blobs)
            openReport = OpenReport(appliedMigrations: applied.map(\.fileName),
                                    removedTemporaryFiles: removedTemporaryFiles,
                                    removedOrphanBlobs: orphans, missingBlobs: missing)
        } catch {
            database.close()
            directoryLock.release()
            throw error
        }
        tokens = TokenStore(database: database)
        inits = InitStore(database: database, blobs: blobs)
        vectors = VectorStore(database: database, blobs: blobs)
        datasets = DatasetStore(database: database, blobs: blobs)
        jobs = JobStore(database: database, blobs: blobs)
    }

    /// Waits for running calls, closes the database and releases the data directory.
    public func close() {
        database.close()
        directoryLock.release()
    }

    /// Deletes blob files no row references and lists referenced digests whose files are missing.
    private static func sweepOrphans(database: Database, blobs: BlobStore) throws -> (removed: [String], missing: [String]) {
        try database.withWriteLock { connection in
            let referenced = try BlobReferences.all(in: connection)
            let stored = Set(try blobs.allDigests())
            let orphans = stored.subtracting(referenced).sorted()
            for sha256 in orphans { try blobs.remove(sha256) }
            return (orphans, referenced.subtracting(stored).sorted())
        }
    }
}
