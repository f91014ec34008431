import Datasets

/// Labelled datasets: one JSONL blob per (task, split), and per task the schema (kind, input
/// form, labels) every split shares. A task exists while it has at least one split; its schema is
/// fixed from its first upload until its last split is deleted.
public final class DatasetStore: @unchecked Sendable {
    private let database: Database
    private let blobs: BlobStore

    init(database: Database, blobs: BlobStore) {
        self.database = database
        self.blobs = blobs
    }

    /// The task's schema and splits, if it has any.
    public func task(_ name: String) throws -> DatasetTask? {
        try database.read { connection in
            DatasetStore.group(try connection.query("\(DatasetRecord.selectFrom) WHERE d.task = ?", name,
                                                    row: DatasetStore.decode)).first
        }
    }

    /// Every task with datasets, ordered by name.
    public func tasks() throws -> [DatasetTask] {
        try database.read { connection in
            DatasetStore.group(try connection.query("\(DatasetRecord.selectFrom) ORDER BY d.task", row: DatasetStore.decode))
        }
    }

    /// The dataset stored for (task, split), if any.
    public func get(task: String, split: DatasetSplit) throws -> DatasetRecord? {
        try database.readSingle { try DatasetStore.find(task: task, split: split, in: $0) }
    }

    /// Stores a new split owned by `owner`; the file is durable before the row commits. Creates the
    /// task with `upload.summary.schema` when it has no datasets yet. Throws datasetExists when the
    /// split is taken, taskSchemaChanged when the stored schema is not the one the data was checked against.
    public func insert(_ upload: DatasetUpload, owner: String) throws -> DatasetRecord {
        do {
            return try write(upload) { transaction, sha256 in
                let connection = transaction.connection
                if try DatasetStore.find(task: upload.task, split: upload.split, in: connection) != nil {
                    throw StoreError.datasetExists(task: upload.task, split: upload.split.rawValue)
                }
                let now = Timestamp.now()
                try connection.run("""
                    INSERT INTO datasets (task, split, sha256, size_bytes, examples, label_counts, score_min, score_max,
                                          score_mean, owner, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, parameters: [upload.task, upload.split.rawValue, sha256, upload.jsonl.count,
                                      upload.summary.exampleCount]
                    + DatasetColumns.encode(upload.summary.statistics, labels: upload.summary.schema.labels)
                    + [owner, now, now])
            }
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw StoreError.datasetExists(task: upload.task, split: upload.split.rawValue)
        }
    }

    /// Replaces the file and statistics of an existing split; owner and created_at stay. The old
    /// file is deleted when nothing else uses it. Checking who may do this is the caller's job.
    public func replace(with upload: DatasetUpload) throws -> DatasetRecord {
        try write(upload) { transaction, sha256 in
            let connection = transaction.connection
            guard let old = try DatasetStore.find(task: upload.task, split: upload.split, in: connection) else {
                throw StoreError.datasetNotFound(task: upload.task, split: upload.split.rawValue)
            }
            try connection.run("""
                UPDATE datasets SET sha256 = ?, size_bytes = ?, examples = ?, label_counts = ?, score_min = ?,
                                    score_max = ?, score_mean = ?, updated_at = ?
                WHERE id = ?
                """, parameters: [sha256, upload.jsonl.count, upload.summary.exampleCount]
                + DatasetColumns.encode(upload.summary.statistics, labels: upload.summary.schema.labels)
                + [Timestamp.now(), old.id])
            transaction.release(old.sha256)
        }
    }

    /// Deletes the split and returns it; the task goes with its last split, the file when unused.
    @discardableResult
    public func delete(task: String, split: DatasetSplit) throws -> DatasetRecord {
        try BlobTransaction.run(database: database, blobs: blobs, staged: []) { transaction in
            let connection = transaction.connection
            guard let old = try DatasetStore.find(task: task, split: split, in: connection) else {
                throw StoreError.datasetNotFound(task: task, split: split.rawValue)
            }
            try connection.run("DELETE FROM datasets WHERE id = ?", old.id)
            try connection.run("DELETE FROM tasks WHERE name = ? AND NOT EXISTS (SELECT 1 FROM datasets WHERE task = ?)",
                               task, task)
            transaction.release(old.sha256)
            return old
        }
    }

    // MARK: - Inside transactions

    /// Stages the file, then in a blob transaction makes sure the task holds the schema the data was
    /// checked against (creating the task if it has none), installs the file, runs `body` with the
    /// file's digest, and returns the stored row.
    private func write(_ upload: DatasetUpload, _ body: (BlobTransaction, String) throws -> Void) throws -> DatasetRecord {
        let staged = try blobs.stage(upload.jsonl)
        return try BlobTransaction.run(database: database, blobs: blobs, staged: [staged]) { transaction in
            let connection = transaction.connection
            let schema = upload.summary.schema
            if let stored = try DatasetStore.schema(of: upload.task, in: connection) {
                guard stored == schema else { throw StoreError.taskSchemaChanged(task: upload.task) }
            } else {
                try connection.run("INSERT INTO tasks (name, kind, input, labels, created_at) VALUES (?, ?, ?, ?, ?)",
                                   upload.task, schema.kind.rawValue, schema.input.rawValue,
                                   DatasetColumns.encode(labels: schema.labels), Timestamp.now())
            }
            try transaction.install(staged)
            try body(transaction, staged.sha256)
            guard let record = try DatasetStore.find(task: upload.task, split: upload.split, in: connection) else {
                throw StoreError.datasetNotFound(task: upload.task, split: upload.split.rawValue)
            }
            return record
        }
    }

    private static func schema(of task: String, in connection: Connection) throws -> TaskSchema? {
        try connection.queryFirst("SELECT kind, input, labels FROM tasks WHERE name = ?", task) {
            try DatasetColumns.schema($0, table: "tasks", id: 0)
        }
    }

    private static func find(task: String, split: DatasetSplit, in connection: Connection) throws -> DatasetRecord? {
        try connection.queryFirst("\(DatasetRecord.selectFrom) WHERE d.task = ? AND d.split = ?", task, split.rawValue,
                                  row: DatasetRecord.init(row:))
    }

    /// A row of `DatasetRecord.selectFrom` with its task's creation time.
    private static func decode(_ row: Row) throws -> (record: DatasetRecord, taskCreatedAt: String) {
        (try DatasetRecord(row: row), try row.get("task_created_at"))
    }

    /// Rows ordered by task (as the queries return them) grouped into tasks, splits in listing order.
    private static func group(_ rows: [(record: DatasetRecord, taskCreatedAt: String)]) -> [DatasetTask] {
        var tasks: [DatasetTask] = []
        var start = rows.startIndex
        while start < rows.endIndex {
            let first = rows[start]
            let end = rows[start...].firstIndex { $0.record.task != first.record.task } ?? rows.endIndex
            tasks.append(DatasetTask(name: first.record.task, schema: first.record.schema, createdAt: first.taskCreatedAt,
                                     splits: rows[start..<end].map(\.record).sorted { $0.split < $1.split }))
            start = end
        }
        return tasks
    }
}
