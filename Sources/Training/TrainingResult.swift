import Tensor

/// What a training job produces: the best prompt by validation score, the init it
/// started from, their difference (the task prompt vector) and the history.
public struct TrainingResult: Sendable {
    /// theta_tuned [P, H]: the prompt of the best validation score (the last one without validation).
    public let prompt: Tensor
    /// theta_init [P, H].
    public let initialPrompt: Tensor
    /// Token ids whose word vectors form `initialPrompt` (nil when the caller supplied it).
    public let initialTokenIds: [Int]?
    /// The step `prompt` comes from (0: the initial prompt was never beaten).
    public let bestStep: Int
    /// Validation metrics of `prompt` (nil without a validation set).
    public let validation: Metrics?
    /// Validation metrics of `initialPrompt` before training (nil without a validation set).
    public let initialValidation: Metrics?
    public let history: [TrainingRecord]
    public let steps: Int
    /// Wall time of the whole run, validation passes included.
    public let seconds: Double
    /// The part of `seconds` spent evaluating on the validation set.
    public let evaluationSeconds: Double
    /// Training examples per second of the optimisation steps alone (validation excluded).
    public let examplesPerSecond: Double

    /// tau = theta_tuned - theta_init.
    public var taskVector: Tensor {
        Tensor(shape: prompt.shape, scalars: zip(prompt.scalars, initialPrompt.scalars).map { $0 - $1 })
    }
}
