/// What the store holds for one model (GET /models).
public struct ModelSummary: Equatable, Sendable {
    /// Model name.
    public let model: String
    /// Number of vectors.
    public let vectorCount: Int
    /// Number of distinct tasks among them.
    public let taskCount: Int
    /// Number of distinct seeds among them.
    public let seedCount: Int
    /// Number of stored inits.
    public let initCount: Int
    /// Every distinct tensor shape seen in vectors and inits, sorted.
    public let shapes: [[Int]]
    /// Every distinct last dimension (the token embedding size d) of those shapes, sorted.
    public let tokenDimensions: [Int]
}

/// What the store holds for one task of one model (GET /tasks).
public struct TaskSummary: Equatable, Sendable {
    /// Model name.
    public let model: String
    /// Task name.
    public let task: String
    /// Number of vectors (one per seed).
    public let vectorCount: Int
    /// The seeds, ascending.
    public let seeds: [Int]
}
