/// Which vectors a listing returns; a nil field matches everything.
public struct VectorFilter: Equatable, Sendable {
    /// Only this model.
    public var model: String?
    /// Only this task.
    public var task: String?
    /// Only this seed.
    public var seed: Int?

    /// A filter; no arguments matches every vector.
    public init(model: String? = nil, task: String? = nil, seed: Int? = nil) {
        self.model = model
        self.task = task
        self.seed = seed
    }
}
