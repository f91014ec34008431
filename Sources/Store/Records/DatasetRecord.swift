import Datasets

/// One stored split of a task's labelled data: a row of `datasets` with its task's schema.
public struct DatasetRecord: Equatable, Sendable {
    /// Row id, never reused.
    public let id: Int
    public let task: String
    public let split: DatasetSplit
    /// Kind, input form and labels of the task (the same for all its splits).
    public let schema: TaskSchema
    /// Blob of the JSONL file as uploaded: the dataset's identity.
    public let sha256: String
    public let sizeBytes: Int
    public let exampleCount: Int
    /// Examples per label (in the schema's label order), or the spread of the scores.
    public let statistics: DatasetStatistics
    /// Token name of the uploader.
    public let owner: String
    /// ISO 8601 UTC, milliseconds.
    public let createdAt: String
    /// ISO 8601 UTC, milliseconds; changes on replace.
    public let updatedAt: String

    static let columns = """
        d.id, d.task, d.split, d.sha256, d.size_bytes, d.examples, d.label_counts, d.score_min, d.score_max, \
        d.score_mean, d.owner, d.created_at, d.updated_at, t.kind, t.input, t.labels, t.created_at AS task_created_at
        """
    /// Select `columns` from this, then add conditions.
    static let selectFrom = "SELECT \(columns) FROM datasets d JOIN tasks t ON t.name = d.task"

    /// Decodes a row selected with `selectFrom`.
    init(row: Row) throws {
        id = try row.get("id")
        task = try row.get("task")
        let splitName: String = try row.get("split")
        guard let split = DatasetSplit(rawValue: splitName) else {
            throw StoreError.corruptRow(table: "datasets", id: id, reason: "unknown split '\(splitName)'")
        }
        self.split = split
        schema = try DatasetColumns.schema(row, table: "tasks", id: id)
        sha256 = try row.get("sha256")
        sizeBytes = try row.get("size_bytes")
        exampleCount = try row.get("examples")
        statistics = try DatasetColumns.statistics(row, labels: schema.labels, exampleCount: exampleCount, id: id)
        owner = try row.get("owner")
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
    }
}

/// A task that has datasets: its schema and its splits in the order train, validation, test.
public struct DatasetTask: Equatable, Sendable {
    public let name: String
    public let schema: TaskSchema
    /// When the task's first dataset was stored.
    public let createdAt: String
    public let splits: [DatasetRecord]
}
