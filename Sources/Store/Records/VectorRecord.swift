/// A stored task prompt vector: one row of `vectors`.
public struct VectorRecord: Equatable, Sendable {
    /// Row id, never reused.
    public let id: Int
    /// Name of the frozen language model.
    public let model: String
    /// Name of the task.
    public let task: String
    /// Seed of the initial prompt.
    public let seed: Int
    /// Blob of tau.
    public let sha256: String
    /// Tensor shape, e.g. [P, d].
    public let shape: [Int]
    /// Blob of the tuned prompt, when uploaded.
    public let tunedSHA256: String?
    /// The init for (model, seed), when one is stored.
    public let initID: Int?
    /// Token name of the uploader.
    public let owner: String
    /// Free-form metadata.
    public let metadata: VectorMetadata
    /// ISO 8601 UTC, milliseconds.
    public let createdAt: String
    /// ISO 8601 UTC, milliseconds; changes on replace.
    public let updatedAt: String

    static let columns = """
        id, model, task, seed, sha256, shape, tuned_sha256, init_id, owner, description, \
        num_virtual_tokens, metrics, source, provenance, created_at, updated_at
        """

    /// Decodes a row selected with `columns`.
    init(row: Row) throws {
        id = try row.get("id")
        model = try row.get("model")
        task = try row.get("task")
        seed = try row.get("seed")
        sha256 = try row.get("sha256")
        shape = try ShapeText.decode(try row.get("shape"), table: "vectors", id: id)
        tunedSHA256 = try row.get("tuned_sha256")
        initID = try row.get("init_id")
        owner = try row.get("owner")
        metadata = VectorMetadata(description: try row.get("description"),
                                  numVirtualTokens: try row.get("num_virtual_tokens"),
                                  metrics: try row.get("metrics"), source: try row.get("source"),
                                  provenance: try row.get("provenance"))
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
    }
}
