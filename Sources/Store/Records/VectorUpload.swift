/// What a client sends to create or replace a vector: its key, its tensors as bytes, its metadata.
public struct VectorUpload: Sendable {
    /// Name of the frozen language model.
    public var model: String
    /// Name of the task the prompt was tuned on.
    public var task: String
    /// Seed of the initial prompt.
    public var seed: Int
    /// Tensor shape of tau (and of the tuned and initial prompts), e.g. [P, d].
    public var shape: [Int]
    /// tau = theta_tuned - theta_init, opaque bytes.
    public var tau: [UInt8]
    /// theta_tuned, when uploaded.
    public var tuned: [UInt8]?
    /// theta_init for (model, seed), when uploaded; stored once per (model, seed) as an init.
    public var initialPrompt: [UInt8]?
    /// Free-form metadata.
    public var metadata: VectorMetadata

    /// An upload; only tau is required among the tensors.
    public init(model: String, task: String, seed: Int, shape: [Int], tau: [UInt8], tuned: [UInt8]? = nil,
                initialPrompt: [UInt8]? = nil, metadata: VectorMetadata = VectorMetadata()) {
        self.model = model
        self.task = task
        self.seed = seed
        self.shape = shape
        self.tau = tau
        self.tuned = tuned
        self.initialPrompt = initialPrompt
        self.metadata = metadata
    }
}
