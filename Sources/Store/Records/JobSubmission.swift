/// A job to enqueue. The hub validates the request and fills in defaults; the store keeps the
/// JSON text as given.
public struct JobSubmission: Equatable, Sendable {
    public var kind: JobKind
    /// Name of the frozen language model.
    public var model: String
    /// The task trained on; for lambda-search the tasks joined by ','.
    public var task: String
    /// Seed of the initial prompt, part of the stored vector's key.
    public var seed: Int
    /// Task name the resulting vector is stored under; nil for jobs that store none.
    public var targetTask: String?
    /// The request with defaults filled in, a JSON object as text.
    public var parameters: String
    /// Token name of the submitter.
    public var owner: String

    /// A submission; `targetTask` nil stores no vector.
    public init(kind: JobKind, model: String, task: String, seed: Int, targetTask: String?,
                parameters: String, owner: String) {
        self.kind = kind
        self.model = model
        self.task = task
        self.seed = seed
        self.targetTask = targetTask
        self.parameters = parameters
        self.owner = owner
    }
}
