/// A write transaction that publishes and releases blobs, keeping rows and files consistent:
/// blobs are fsynced in place before the row that needs them commits; files a rollback left
/// unused are removed; files a commit left unreferenced are deleted after it. All of it runs
/// under the database write lock, so garbage collection never races a row that is being added.
final class BlobTransaction {
    /// The writer connection, inside the transaction.
    let connection: Connection
    private let blobs: BlobStore
    private var installedNew: [String] = []
    private var released: Set<String> = []

    private init(connection: Connection, blobs: BlobStore) {
        self.connection = connection
        self.blobs = blobs
    }

    /// Publishes a staged blob under its final name (a no-op when the content is stored already).
    @discardableResult
    func install(_ staged: StagedBlob) throws -> BlobRef {
        let ref = try blobs.install(staged)
        if ref.isNew { installedNew.append(ref.sha256) }
        return ref
    }

    /// Marks a digest a row stopped referencing; it is deleted after commit if nothing else uses it.
    func release(_ sha256: String?) {
        if let sha256 { released.insert(sha256) }
    }

    /// Runs `body` in a write transaction with the blob bookkeeping described above.
    /// Staged files that `body` did not install are deleted in any case.
    static func run<T>(database: Database, blobs: BlobStore, staged: [StagedBlob],
                       _ body: (BlobTransaction) throws -> T) throws -> T {
        defer { staged.forEach(blobs.discard) }
        return try database.withWriteLock { connection in
            let transaction = BlobTransaction(connection: connection, blobs: blobs)
            let (result, garbage): (T, [String])
            do {
                (result, garbage) = try connection.transaction(.immediate) { connection in
                    let result = try body(transaction)
                    let garbage = try transaction.released.sorted().filter {
                        try !BlobReferences.isReferenced($0, in: connection)
                    }
                    return (result, garbage)
                }
            } catch {
                transaction.removeUnusedAfterRollback()
                throw error
            }
            // The commit is durable; a failed unlink only leaves an orphan that the next open sweeps.
            for sha256 in garbage { _ = try? blobs.remove(sha256) }
            return result
        }
    }

    /// Deletes files this transaction created that no committed row references.
    private func removeUnusedAfterRollback() {
        for sha256 in installedNew where (try? BlobReferences.isReferenced(sha256, in: connection)) == false {
            _ = try? blobs.remove(sha256)
        }
    }
}
