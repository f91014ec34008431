/// A stored initial soft prompt theta_init for (model, seed): one row of `inits`.
public struct InitRecord: Equatable, Sendable {
    /// Row id, never reused.
    public let id: Int
    /// Name of the frozen language model.
    public let model: String
    /// Seed that produced the prompt.
    public let seed: Int
    /// Blob of the prompt.
    public let sha256: String
    /// Tensor shape, e.g. [P, d].
    public let shape: [Int]
    /// Token name of the uploader.
    public let owner: String
    /// ISO 8601 UTC, milliseconds.
    public let createdAt: String

    static let columns = "id, model, seed, sha256, shape, owner, created_at"

    /// Decodes a row selected with `columns`.
    init(row: Row) throws {
        id = try row.get("id")
        model = try row.get("model")
        seed = try row.get("seed")
        sha256 = try row.get("sha256")
        shape = try ShapeText.decode(try row.get("shape"), table: "inits", id: id)
        owner = try row.get("owner")
        createdAt = try row.get("created_at")
    }
}
