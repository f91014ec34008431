/// Reported after every optimiser step.
public struct TrainingProgress: Equatable, Sendable {
    /// Steps done (1-based) of `totalSteps`.
    public let step: Int
    public let totalSteps: Int
    /// The epoch this step belongs to (1-based).
    public let epoch: Int
    /// This step's mean batch loss.
    public let loss: Float
    /// Training examples per second of wall time so far (evaluations included).
    public let examplesPerSecond: Double
    /// Remaining steps at the pace so far (evaluations included).
    public let etaSeconds: Double
}

/// One evaluation point of the run: after each epoch, or every `evaluationInterval` steps.
public struct TrainingRecord: Equatable, Sendable, Codable {
    public let epoch: Int
    public let step: Int
    /// Mean batch loss over the steps since the previous record.
    public let trainingLoss: Double
    /// Metrics of the prompt at this step on the validation set (nil without one).
    public let validation: Metrics?
    public let learningRate: Float
    /// Mean L2 norm of the prompt's rows (word vectors are ~1.1-1.3; a blow-up shows here).
    public let promptNorm: Double
    /// Wall time since the start of training.
    public let seconds: Double
}
