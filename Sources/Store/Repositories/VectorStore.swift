/// Task prompt vectors: rows keyed by (model, task, seed), tensors in the blob store.
public final class VectorStore: @unchecked Sendable {
    private let database: Database
    private let blobs: BlobStore

    init(database: Database, blobs: BlobStore) {
        self.database = database
        self.blobs = blobs
    }

    /// Stores a new vector owned by `owner`; its blobs are durable before the row commits.
    /// Throws StoreError.vectorExists (with the existing id) when (model, task, seed) is taken,
    /// StoreError.jobTargetTaken when a queued or running job will store its vector there (the job
    /// would otherwise fail at its end), and StoreError.initDiffers when an uploaded initial prompt
    /// contradicts the stored one.
    public func insert(_ upload: VectorUpload, owner: String) throws -> VectorRecord {
        try VectorStore.write(upload, database: database, blobs: blobs) { transaction, staged in
            try VectorStore.refuseJobTarget(upload, in: transaction.connection)
            return try VectorStore.insert(upload, staged: staged, owner: owner, in: transaction)
        }
    }

    static func refuseJobTarget(_ upload: VectorUpload, in connection: Connection) throws {
        if let job = try connection.scalar("""
            SELECT id FROM jobs WHERE model = ? AND target_task = ? AND seed = ? AND status IN ('queued', 'running')
            """, upload.model, upload.task, upload.seed, as: Int.self) {
            throw StoreError.jobTargetTaken(jobID: job, model: upload.model, task: upload.task, seed: upload.seed)
        }
    }

    /// Replaces vector `id` with `upload` (key, tensors, metadata); owner and created_at stay.
    /// Blobs no row needs any more are deleted. Checking who may do this is the caller's job.
    public func replace(id: Int, with upload: VectorUpload) throws -> VectorRecord {
        try VectorStore.write(upload, database: database, blobs: blobs) { transaction, staged in
            let connection = transaction.connection
            let old = try VectorStore.fetch(id: id, in: connection)
            if let other = try VectorStore.findID(model: upload.model, task: upload.task, seed: upload.seed,
                                                  in: connection), other != id {
                throw StoreError.vectorExists(id: other, model: upload.model, task: upload.task, seed: upload.seed)
            }
            if (old.model, old.task, old.seed) != (upload.model, upload.task, upload.seed) {
                try VectorStore.refuseJobTarget(upload, in: connection)
            }
            let initID = try VectorStore.initID(for: upload, staged: staged, owner: old.owner, in: transaction)
            try VectorStore.installTensors(staged, in: transaction)
            try connection.run("""
                UPDATE vectors SET model = ?, task = ?, seed = ?, sha256 = ?, shape = ?, tuned_sha256 = ?, init_id = ?,
                                   description = ?, num_virtual_tokens = ?, metrics = ?, source = ?, provenance = ?,
                                   updated_at = ?
                WHERE id = ?
                """, parameters: [upload.model, upload.task, upload.seed, staged.tau.sha256,
                                  ShapeText.encode(upload.shape), staged.tuned?.sha256, initID]
                + VectorStore.metadataParameters(upload.metadata) + [Timestamp.now(), id])
            transaction.release(old.sha256)
            transaction.release(old.tunedSHA256)
            return try VectorStore.fetch(id: id, in: connection)
        }
    }

    /// Deletes vector `id` and returns the deleted row; its blobs go when no other row uses them.
    @discardableResult
    public func delete(id: Int) throws -> VectorRecord {
        try BlobTransaction.run(database: database, blobs: blobs, staged: []) { transaction in
            let old = try VectorStore.fetch(id: id, in: transaction.connection)
            try transaction.connection.run("DELETE FROM vectors WHERE id = ?", id)
            transaction.release(old.sha256)
            transaction.release(old.tunedSHA256)
            return old
        }
    }

    /// The vector with row id `id`, if stored.
    public func get(id: Int) throws -> VectorRecord? {
        try database.readSingle { connection in
            try connection.queryFirst("SELECT \(VectorRecord.columns) FROM vectors WHERE id = ?", id,
                                      row: VectorRecord.init(row:))
        }
    }

    /// The vector stored under (model, task, seed), if any.
    public func find(model: String, task: String, seed: Int) throws -> VectorRecord? {
        try database.readSingle { connection in
            try connection.queryFirst(
                "SELECT \(VectorRecord.columns) FROM vectors WHERE model = ? AND task = ? AND seed = ?",
                model, task, seed, row: VectorRecord.init(row:))
        }
    }

    /// Vectors matching `filter`, ordered by (model, task, seed), `limit` from `offset`, with the total count.
    public func list(_ filter: VectorFilter = VectorFilter(), limit: Int = 100, offset: Int = 0) throws -> Page<VectorRecord> {
        // Only constant fragments go into the SQL text; every value is a bound parameter.
        var conditions: [String] = [], parameters: [any SQLiteBindable] = []
        if let model = filter.model { conditions.append("model = ?"); parameters.append(model) }
        if let task = filter.task { conditions.append("task = ?"); parameters.append(task) }
        if let seed = filter.seed { conditions.append("seed = ?"); parameters.append(seed) }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try Page.read(from: database, table: "vectors", columns: VectorRecord.columns, whereClause: whereClause,
                             parameters: parameters, orderBy: "model, task, seed", limit: limit, offset: offset,
                             row: VectorRecord.init(row:))
    }

    /// Every model with vectors or inits, with counts and the shapes seen, ordered by name.
    public func models() throws -> [ModelSummary] {
        try database.read { connection in
            var vectorCounts: [String: (vectors: Int, tasks: Int, seeds: Int)] = [:]
            for (model, counts) in try connection.query("""
                SELECT model, COUNT(*) AS vectors, COUNT(DISTINCT task) AS tasks, COUNT(DISTINCT seed) AS seeds
                FROM vectors GROUP BY model
                """, row: { row in
                    (try row.get("model", as: String.self),
                     (try row.get("vectors", as: Int.self), try row.get("tasks", as: Int.self),
                      try row.get("seeds", as: Int.self)))
                }) { vectorCounts[model] = counts }
            let initCounts = Dictionary(uniqueKeysWithValues: try connection.query(
                "SELECT model, COUNT(*) AS inits FROM inits GROUP BY model"
            ) { (try $0.get("model", as: String.self), try $0.get("inits", as: Int.self)) })
            var shapes: [String: Set<[Int]>] = [:]
            for (model, text) in try connection.query(
                "SELECT model, shape FROM vectors UNION SELECT model, shape FROM inits"
            , row: { (try $0.get("model", as: String.self), try $0.get("shape", as: String.self)) }) {
                guard let shape = ShapeText.decode(text) else {
                    throw StoreError.corruptRow(table: "vectors/inits", id: 0, reason: "model '\(model)' has shape '\(text)'")
                }
                shapes[model, default: []].insert(shape)
            }
            let names = Set(vectorCounts.keys).union(initCounts.keys).sorted()
            return names.map { model in
                let counts = vectorCounts[model] ?? (0, 0, 0)
                let seen = (shapes[model] ?? []).sorted { $0.lexicographicallyPrecedes($1) }
                return ModelSummary(model: model, vectorCount: counts.vectors, taskCount: counts.tasks,
                                    seedCount: counts.seeds, initCount: initCounts[model] ?? 0, shapes: seen,
                                    tokenDimensions: Set(seen.compactMap(\.last)).sorted())
            }
        }
    }

    /// Every (model, task) with its seeds, ordered by model then task; `model` narrows to one model.
    public func tasks(model: String? = nil) throws -> [TaskSummary] {
        let rows: [(model: String, task: String, seed: Int)] = try database.readSingle { connection in
            let decode = { (row: Row) in
                (model: try row.get("model", as: String.self), task: try row.get("task", as: String.self),
                 seed: try row.get("seed", as: Int.self))
            }
            if let model {
                return try connection.query("SELECT model, task, seed FROM vectors WHERE model = ? ORDER BY model, task, seed",
                                            model, row: decode)
            }
            return try connection.query("SELECT model, task, seed FROM vectors ORDER BY model, task, seed", row: decode)
        }
        var summaries: [TaskSummary] = []
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = rows[start...].firstIndex { $0.model != rows[start].model || $0.task != rows[start].task }
                ?? rows.endIndex
            let seeds = rows[start..<end].map(\.seed)
            summaries.append(TaskSummary(model: rows[start].model, task: rows[start].task,
                                         vectorCount: seeds.count, seeds: seeds))
            start = end
        }
        return summaries
    }

    // MARK: - Inside write transactions

    /// The blobs of one upload, staged (hashed, written, fsynced) before the write lock is taken.
    struct StagedTensors {
        let tau: StagedBlob
        let tuned: StagedBlob?
        let initialPrompt: StagedBlob?
        var all: [StagedBlob] { [tau] + [tuned, initialPrompt].compactMap { $0 } }

        init(_ upload: VectorUpload, blobs: BlobStore) throws {
            var done: [StagedBlob] = []
            func stage(_ bytes: [UInt8]) throws -> StagedBlob {
                let staged = try blobs.stage(bytes)
                done.append(staged)
                return staged
            }
            do {
                tau = try stage(upload.tau)
                tuned = try upload.tuned.map(stage)
                initialPrompt = try upload.initialPrompt.map(stage)
            } catch {
                done.forEach(blobs.discard)
                throw error
            }
        }
    }

    /// Validates and stages `upload`, then runs `body` in a blob transaction; a UNIQUE violation that
    /// slipped past the explicit checks still comes out as StoreError.vectorExists.
    static func write<T>(_ upload: VectorUpload, database: Database, blobs: BlobStore,
                         _ body: (BlobTransaction, StagedTensors) throws -> T) throws -> T {
        try ShapeText.validate(upload.shape)
        let staged = try StagedTensors(upload, blobs: blobs)
        do {
            return try BlobTransaction.run(database: database, blobs: blobs, staged: staged.all) {
                try body($0, staged)
            }
        } catch let error as SQLiteError where error.isUniqueViolation {
            guard let existing = try database.readSingle({
                try findID(model: upload.model, task: upload.task, seed: upload.seed, in: $0)
            }) else { throw error }
            throw StoreError.vectorExists(id: existing, model: upload.model, task: upload.task, seed: upload.seed)
        }
    }

    /// Inserts the row of a new vector whose tensors `write` staged, with its init (stored, reused or
    /// checked per (model, seed)); throws vectorExists when the key is taken, initDiffers when the
    /// uploaded init contradicts the stored one. Blobs are installed only once the key is known free.
    static func insert(_ upload: VectorUpload, staged: StagedTensors, owner: String,
                       in transaction: BlobTransaction) throws -> VectorRecord {
        let connection = transaction.connection
        if let existing = try findID(model: upload.model, task: upload.task, seed: upload.seed, in: connection) {
            throw StoreError.vectorExists(id: existing, model: upload.model, task: upload.task, seed: upload.seed)
        }
        let initID = try initID(for: upload, staged: staged, owner: owner, in: transaction)
        try installTensors(staged, in: transaction)
        let now = Timestamp.now()
        try connection.run("""
            INSERT INTO vectors (model, task, seed, sha256, shape, tuned_sha256, init_id, owner, description,
                                 num_virtual_tokens, metrics, source, provenance, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, parameters: [upload.model, upload.task, upload.seed, staged.tau.sha256,
                              ShapeText.encode(upload.shape), staged.tuned?.sha256, initID, owner]
            + metadataParameters(upload.metadata) + [now, now])
        return try fetch(id: connection.lastInsertRowID, in: connection)
    }

    /// The init row the vector points at: the uploaded one (stored or reused), else the stored one.
    private static func initID(for upload: VectorUpload, staged: StagedTensors, owner: String,
                               in transaction: BlobTransaction) throws -> Int? {
        if let initialPrompt = staged.initialPrompt {
            return try InitStore.insertOrReuse(model: upload.model, seed: upload.seed, shape: upload.shape,
                                               owner: owner, staged: initialPrompt, in: transaction).record.id
        }
        return try InitStore.find(model: upload.model, seed: upload.seed, in: transaction.connection)?.id
    }

    private static func installTensors(_ staged: StagedTensors, in transaction: BlobTransaction) throws {
        try transaction.install(staged.tau)
        if let tuned = staged.tuned { try transaction.install(tuned) }
    }

    private static func metadataParameters(_ metadata: VectorMetadata) -> [any SQLiteBindable] {
        [metadata.description, metadata.numVirtualTokens, metadata.metrics, metadata.source, metadata.provenance]
    }

    static func findID(model: String, task: String, seed: Int, in connection: Connection) throws -> Int? {
        try connection.scalar("SELECT id FROM vectors WHERE model = ? AND task = ? AND seed = ?",
                              model, task, seed, as: Int.self)
    }

    private static func fetch(id: Int, in connection: Connection) throws -> VectorRecord {
        guard let record = try connection.queryFirst("SELECT \(VectorRecord.columns) FROM vectors WHERE id = ?", id,
                                                     row: VectorRecord.init(row:)) else {
            throw StoreError.vectorNotFound(id: id)
        }
        return record
    }
}
