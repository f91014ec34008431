import Dispatch
import Foundation
import Model
import Tensor

/// Prompt tuning in-process: a soft prompt in front of the frozen encoder, trained with
/// AdamW against the parameter-free cosine head (logits = cos(sentence, label word) / T).
///
/// Regression (e.g. STS-B, scores 0-5) uses the same head with two anchor words
/// (`TaskSpec.regression`): the prediction is low + (high - low) * p_high, p_high the
/// softmax probability of the high anchor, and the loss is the cross-entropy against the
/// target distribution (1 - q, q) with q = (score - low) / (high - low) — the KL
/// objective with which LM-BFF (Gao et al., 2021) trains regression through two label
/// words. Its gradient (p - q) / T vanishes exactly when p_high = q.
///
/// One trainer owns buffers for one job at a time: call it from one thread.
public final class PromptTrainer {
    public let model: BertModel
    public let configuration: TrainingConfiguration
    private let classifier: SoftPromptClassifier
    private var labelEmbeddingCache: [[String]: Tensor] = [:]

    public init(model: BertModel, configuration: TrainingConfiguration = TrainingConfiguration()) {
        self.model = model
        self.configuration = configuration
        classifier = SoftPromptClassifier(encoder: model.encoder, temperature: configuration.temperature)
    }

    /// The random initial prompt of the configured (P, seed); see `PromptInitialization`.
    public func initialPrompt() throws -> (prompt: Tensor, tokenIds: [Int]) {
        try PromptInitialization.prompt(for: model, promptLength: configuration.promptLength, seed: configuration.seed)
    }

    /// Trains a prompt on `training`, evaluating on `validation` after each epoch (or every
    /// `evaluationInterval` steps) and keeping the best. `startingFrom` replaces the random
    /// init (e.g. a composition of task prompt vectors). `progress` is called after every
    /// step, `evaluated` after every validation pass; `isCancelled` is polled before every step
    /// and between evaluation batches, and a true answer ends the job with `TrainingCancelled`.
    public func train(task: TaskSpec, training: [TrainingExample], validation: [TrainingExample] = [],
                      startingFrom: Tensor? = nil, progress: ((TrainingProgress) -> Void)? = nil,
                      evaluated: ((TrainingRecord) -> Void)? = nil, isCancelled: () -> Bool = { false }) throws -> TrainingResult {
        let config = configuration
        try config.validate(trainingCount: training.count, maxPositions: model.config.maxPositions)
        try task.validate(training, role: "training")
        try task.validate(validation, role: "validation")
        let (initial, tokenIds) = try startingPrompt(startingFrom)
        let labelEmbeddings = try self.labelEmbeddings(task)
        let train = try encode(training, task: task, prompt: initial)
        let validationSet = try encode(validation, task: task, prompt: initial)

        let clock = Stopwatch()
        var completed = 0
        var evaluationSeconds = 0.0
        func evaluateIfPossible(_ prompt: Tensor) throws -> Metrics? {
            guard validationSet.count > 0 else { return nil }
            let start = clock.seconds
            defer { evaluationSeconds += clock.seconds - start }
            return try evaluate(prompt: prompt, encoded: validationSet, task: task, labelEmbeddings: labelEmbeddings) {
                isCancelled() ? TrainingCancelled(completedSteps: completed) : nil
            }
        }
        let initialValidation = try evaluateIfPossible(initial)

        let total = config.totalSteps(trainingCount: train.count)
        let warmup = config.warmupSteps(total: total)
        let perEpoch = config.stepsPerEpoch(trainingCount: train.count)
        var optimizer = AdamOptimizer(learningRate: config.learningRate, weightDecay: config.weightDecay)
        var prompt = initial
        // The best of the trained checkpoints, as the reference's load_best_model_at_end picks it:
        // never the untrained init, whose tau would be zero (nothing to compose or compare).
        var best: (prompt: Tensor, step: Int, metrics: Metrics?)?
        var history: [TrainingRecord] = []
        var lossSinceRecord = 0.0, stepsSinceRecord = 0
        var order: [Int] = []
        var examplesSeen = 0

        while completed < total {
            let epoch = completed / perEpoch
            let position = completed % perEpoch
            if position == 0 {
                var generator = SeedStream.shuffle(config.seed, epoch: epoch)
                order = generator.shuffled(Array(0..<train.count))
            }
            if isCancelled() { throw TrainingCancelled(completedSteps: completed) }
            let indices = order[(position * config.batchSize)..<min((position + 1) * config.batchSize, train.count)]
            let batch = train.batch(indices)
            let step = task.isRegression
                ? try classifier.lossAndGradient(prompt: prompt, batch: batch, targets: train.targetDistributions(indices),
                                                 labelEmbeddings: labelEmbeddings)
                : try classifier.lossAndGradient(prompt: prompt, batch: batch, labels: indices.map { train.labels[$0] },
                                                 labelEmbeddings: labelEmbeddings)
            completed += 1
            optimizer.learningRate = config.learningRate(step: completed, warmup: warmup)
            optimizer.update(&prompt, gradient: step.gradient)
            guard step.loss.isFinite, prompt.allFinite else {
                throw TrainingError("training diverged at step \(completed) (loss \(step.loss)); lower the learning rate (now \(config.learningRate))")
            }
            examplesSeen += indices.count
            lossSinceRecord += Double(step.loss)
            stepsSinceRecord += 1

            let elapsed = clock.seconds
            progress?(TrainingProgress(step: completed, totalSteps: total, epoch: epoch + 1, loss: step.loss,
                                       examplesPerSecond: Double(examplesSeen) / max(elapsed, 1e-9),
                                       etaSeconds: elapsed / Double(completed) * Double(total - completed)))

            let endOfEpoch = position == perEpoch - 1
            let due = config.evaluationInterval.map { completed % $0 == 0 } ?? endOfEpoch
            if due || completed == total {
                let metrics = try evaluateIfPossible(prompt)
                let record = TrainingRecord(epoch: epoch + 1, step: completed,
                                            trainingLoss: lossSinceRecord / Double(stepsSinceRecord),
                                            validation: metrics, learningRate: optimizer.learningRate,
                                            promptNorm: Self.meanRowNorm(prompt), seconds: clock.seconds)
                history.append(record)
                evaluated?(record)
                lossSinceRecord = 0
                stepsSinceRecord = 0
                if metrics == nil || best == nil || metrics!.score > (best?.metrics?.score ?? -.infinity) {
                    best = (prompt, completed, metrics)
                }
            }
        }
        guard let best else { throw TrainingError("no training step ran; give at least one training example") }
        let seconds = clock.seconds
        return TrainingResult(prompt: best.prompt, initialPrompt: initial, initialTokenIds: tokenIds,
                              bestStep: best.step, validation: best.metrics, initialValidation: initialValidation,
                              history: history, steps: total, seconds: seconds, evaluationSeconds: evaluationSeconds,
                              examplesPerSecond: Double(examplesSeen) / max(seconds - evaluationSeconds, 1e-9))
    }

    /// Metrics of `prompt` (nil: the plain model, zero-shot) on `examples`, in batches of
    /// `evaluationBatchSize` ordered by length. Throws `TrainingCancelled` when
    /// `isCancelled` answers true between batches.
    public func evaluate(prompt: Tensor?, examples: [TrainingExample], task: TaskSpec,
                         isCancelled: () -> Bool = { false }) throws -> Metrics {
        try task.validate(examples, role: "evaluation")
        return try evaluate(prompt: prompt, encoded: encode(examples, task: task, prompt: prompt), task: task,
                            labelEmbeddings: labelEmbeddings(task)) {
            isCancelled() ? TrainingCancelled(completedSteps: 0) : nil
        }
    }

    /// Predicted class indices, or scores for regression, in the order of `examples`.
    public func predict(prompt: Tensor?, examples: [TrainingExample], task: TaskSpec) throws -> [Double] {
        try predictions(prompt: prompt, encoded: encode(examples, task: task, prompt: prompt), task: task,
                        labelEmbeddings: labelEmbeddings(task)) { nil }
    }

    // MARK: - Internals

    /// Tokenised to `maxSequenceLength`, or to what the model's positions leave beside `prompt`.
    private func encode(_ examples: [TrainingExample], task: TaskSpec, prompt: Tensor?) throws -> EncodedExamples {
        if let prompt {
            guard prompt.rank == 2, prompt.shape[1] == model.config.hiddenSize, prompt.shape[0] >= 1,
                  prompt.shape[0] < model.config.maxPositions - 2 else {
                throw TrainingError("the prompt has shape \(prompt.shape); it must be [P, \(model.config.hiddenSize)] with 1 <= P < \(model.config.maxPositions - 2) for this model")
            }
        }
        let room = model.config.maxPositions - (prompt?.shape[0] ?? 0)
        return try EncodedExamples(examples, task: task, tokenizer: model.tokenizer,
                                   maxLength: min(configuration.maxSequenceLength, room))
    }

    private func evaluate(prompt: Tensor?, encoded: EncodedExamples, task: TaskSpec, labelEmbeddings: Tensor,
                          cancellation: () -> TrainingCancelled?) throws -> Metrics {
        let predicted = try predictions(prompt: prompt, encoded: encoded, task: task, labelEmbeddings: labelEmbeddings,
                                        cancellation: cancellation)
        if task.isRegression {
            return Metrics.regression(truth: encoded.scores, predicted: predicted)
        }
        return Metrics.classification(truth: encoded.labels, predicted: predicted.map { Int($0) })
    }

    private func predictions(prompt: Tensor?, encoded: EncodedExamples, task: TaskSpec, labelEmbeddings: Tensor,
                             cancellation: () -> TrainingCancelled?) throws -> [Double] {
        var predicted = [Double](repeating: 0, count: encoded.count)
        let order = encoded.indicesByLength
        let size = configuration.evaluationBatchSize
        for start in stride(from: 0, to: order.count, by: size) {
            if let cancelled = cancellation() { throw cancelled }
            let indices = order[start..<min(start + size, order.count)]
            let logits = try classifier.predict(prompt: prompt, batch: encoded.batch(indices),
                                                labelEmbeddings: labelEmbeddings)
            let classes = logits.shape[1]
            for (row, index) in indices.enumerated() {
                let z = logits.scalars[(row * classes)..<((row + 1) * classes)]
                predicted[index] = Self.prediction(z, task: task)
            }
        }
        return predicted
    }

    /// Argmax (first of ties) as a class index, or for regression low + width * softmax(z)[high].
    private static func prediction(_ z: ArraySlice<Float>, task: TaskSpec) -> Double {
        switch task.kind {
        case .classification:
            var best = z.startIndex
            for i in z.indices where z[i] > z[best] { best = i }
            return Double(best - z.startIndex)
        case .regression(let range, _, _):
            let low = Double(z[z.startIndex]), high = Double(z[z.startIndex + 1])
            let pHigh = 1 / (1 + Foundation.exp(low - high))
            return range.lowerBound + (range.upperBound - range.lowerBound) * pHigh
        }
    }

    private func labelEmbeddings(_ task: TaskSpec) throws -> Tensor {
        let words = task.labelWords
        if let cached = labelEmbeddingCache[words] { return cached }
        let embeddings = try model.embed(words)
        labelEmbeddingCache[words] = embeddings
        return embeddings
    }

    private func startingPrompt(_ given: Tensor?) throws -> (Tensor, [Int]?) {
        guard let given else {
            let (prompt, ids) = try initialPrompt()
            return (prompt, ids)
        }
        let shape = [configuration.promptLength, model.config.hiddenSize]
        guard given.shape == shape, given.allFinite else {
            throw TrainingError("the starting prompt has shape \(given.shape)\(given.allFinite ? "" : " and non-finite values"); it must be finite with shape \(shape) (promptLength x hidden size)")
        }
        return (given, nil)
    }

    static func meanRowNorm(_ prompt: Tensor) -> Double {
        let (rows, cols) = prompt.matrixShape
        var total = 0.0
        for r in 0..<rows {
            var squares = 0.0
            for c in 0..<cols { squares += Double(prompt.scalars[r * cols + c]) * Double(prompt.scalars[r * cols + c]) }
            total += squares.squareRoot()
        }
        return total / Double(max(rows, 1))
    }
}

/// Wall-clock seconds since creation (monotonic).
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds
    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
