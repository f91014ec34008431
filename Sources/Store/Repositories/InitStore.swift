/// Initial soft prompts theta_init, at most one per (model, seed), content in the blob store.
public final class InitStore: @unchecked Sendable {
    private let database: Database
    private let blobs: BlobStore

    init(database: Database, blobs: BlobStore) {
        self.database = database
        self.blobs = blobs
    }

    /// Stores the init for (model, seed), or returns the stored one when its content and shape are
    /// identical (`created` false); throws StoreError.initDiffers when they are not.
    public func insert(model: String, seed: Int, shape: [Int], owner: String,
                       bytes: [UInt8]) throws -> (record: InitRecord, created: Bool) {
        try ShapeText.validate(shape)
        let staged = try blobs.stage(bytes)
        return try BlobTransaction.run(database: database, blobs: blobs, staged: [staged]) { transaction in
            try InitStore.insertOrReuse(model: model, seed: seed, shape: shape, owner: owner,
                                        staged: staged, in: transaction)
        }
    }

    /// The init for (model, seed), if stored.
    public func get(model: String, seed: Int) throws -> InitRecord? {
        try database.readSingle { try InitStore.find(model: model, seed: seed, in: $0) }
    }

    /// The init with row id `id`, if stored.
    public func get(id: Int) throws -> InitRecord? {
        try database.readSingle { connection in
            try connection.queryFirst("SELECT \(InitRecord.columns) FROM inits WHERE id = ?", id) {
                try InitRecord(row: $0)
            }
        }
    }

    /// Every init, or those of one model, ordered by (model, seed).
    public func list(model: String? = nil) throws -> [InitRecord] {
        try database.readSingle { connection in
            if let model {
                return try connection.query(
                    "SELECT \(InitRecord.columns) FROM inits WHERE model = ? ORDER BY model, seed", model
                ) { try InitRecord(row: $0) }
            }
            return try connection.query("SELECT \(InitRecord.columns) FROM inits ORDER BY model, seed") {
                try InitRecord(row: $0)
            }
        }
    }

    static func find(model: String, seed: Int, in connection: Connection) throws -> InitRecord? {
        try connection.queryFirst("SELECT \(InitRecord.columns) FROM inits WHERE model = ? AND seed = ?",
                                  model, seed) { try InitRecord(row: $0) }
    }

    /// Inside a write transaction: reuse the (model, seed) init if identical, else insert it.
    static func insertOrReuse(model: String, seed: Int, shape: [Int], owner: String, staged: StagedBlob,
                              in transaction: BlobTransaction) throws -> (record: InitRecord, created: Bool) {
        let connection = transaction.connection
        if let existing = try find(model: model, seed: seed, in: connection) {
            guard existing.sha256 == staged.sha256, existing.shape == shape else {
                throw StoreError.initDiffers(id: existing.id, model: model, seed: seed,
                                             storedSHA256: existing.sha256, storedShape: existing.shape)
            }
            return (existing, false)
        }
        try transaction.install(staged)
        try connection.run("""
            INSERT INTO inits (model, seed, sha256, shape, owner, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, model, seed, staged.sha256, ShapeText.encode(shape), owner, Timestamp.now())
        let id = connection.lastInsertRowID
        guard let record = try connection.queryFirst("SELECT \(InitRecord.columns) FROM inits WHERE id = ?", id,
                                                     row: InitRecord.init(row:)) else {
            throw StoreError.initNotFound(id: id)
        }
        return (record, true)
    }
}
