import Tensor

/// Prompt tuning's model side: the frozen encoder with a trainable soft prompt in
/// front of every input, scored by cosine similarity to fixed label embeddings
/// (logits = cos / temperature, softmax cross-entropy). The trainer calls
/// `lossAndGradient` each step and updates the prompt (e.g. with `AdamOptimizer`).
/// Keeps its buffers between calls: use one instance per training job, from one thread.
public final class SoftPromptClassifier {
    public struct StepResult: Sendable {
        /// Mean cross-entropy over the batch.
        public let loss: Float
        /// dLoss/dPrompt, [P, H].
        public let gradient: Tensor
        /// [B, classes], cos / temperature.
        public let logits: Tensor
    }

    public let encoder: BertEncoder
    public let temperature: Float
    private let workspace: EncoderWorkspace

    public init(encoder: BertEncoder, temperature: Float = 0.05) {
        precondition(temperature > 0, "temperature must be positive")
        self.encoder = encoder
        self.temperature = temperature
        self.workspace = EncoderWorkspace(config: encoder.config)
    }

    /// Forward, loss and backward to the prompt. `labels[b]` indexes the rows of
    /// `labelEmbeddings` [classes, H] (e.g. `BertModel.embed` of the label names; they
    /// are normalised here, and no gradient flows into them).
    public func lossAndGradient(prompt: Tensor, batch: EncodedBatch, labels: [Int],
                                labelEmbeddings: Tensor) throws -> StepResult {
        let classes = try validate(labelEmbeddings)
        guard labels.count == batch.batchSize else {
            throw ModelError("\(labels.count) labels for a batch of \(batch.batchSize) texts; pass one label per text")
        }
        for label in labels where !(0..<classes).contains(label) {
            throw ModelError("label \(label) is outside the \(classes) classes (0..<\(classes))")
        }
        return try step(prompt: prompt, batch: batch, labelEmbeddings: labelEmbeddings, classes: classes) {
            CosineHead.lossAndGradient(dEmbeddings: $0, logits: $1, targets: labels, labels: $2, batch: batch.batchSize,
                                       classes: classes, width: encoder.config.hiddenSize, temperature: temperature)
        }
    }

    /// As `lossAndGradient(labels:)` with soft targets: `targets` [B, classes] holds one
    /// probability distribution over the label rows per text (non-negative, summing to 1),
    /// and the loss is the mean cross-entropy against it (KL divergence plus a constant).
    /// A score between two anchor labels trains this way (target (1 - q, q)).
    public func lossAndGradient(prompt: Tensor, batch: EncodedBatch, targets: Tensor,
                                labelEmbeddings: Tensor) throws -> StepResult {
        let classes = try validate(labelEmbeddings)
        guard targets.shape == [batch.batchSize, classes] else {
            throw ModelError("targets have shape \(targets.shape); pass [\(batch.batchSize), \(classes)], one distribution over the labels per text")
        }
        for b in 0..<batch.batchSize {
            let row = targets.scalars[(b * classes)..<((b + 1) * classes)]
            guard row.allSatisfy({ $0 >= 0 && $0.isFinite }), abs(row.reduce(0, +) - 1) <= 1e-4 else {
                throw ModelError("target row \(b) is \(Array(row)); each row must be non-negative and sum to 1")
            }
        }
        return try step(prompt: prompt, batch: batch, labelEmbeddings: labelEmbeddings, classes: classes) {
            CosineHead.lossAndGradient(dEmbeddings: $0, logits: $1, distributions: targets.scalars, labels: $2,
                                       batch: batch.batchSize, classes: classes, width: encoder.config.hiddenSize,
                                       temperature: temperature)
        }
    }

    /// Forward, cosine logits, `headLoss` (which writes dL/d(embeddings) from the logits
    /// and the normalised label rows and returns the loss), pooling and encoder backward.
    private func step(prompt: Tensor, batch: EncodedBatch, labelEmbeddings: Tensor, classes: Int,
                      headLoss: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>) -> Float)
        throws -> StepResult {
        try requirePrompt(prompt)
        try encoder.forward(batch: batch, prompt: prompt, workspace: workspace, keepActivations: true)
        let h = encoder.config.hiddenSize
        let b = batch.batchSize
        let ws = workspace
        let norms = UnsafeMutablePointer<Float>.allocate(capacity: b)
        defer { norms.deallocate() }
        let embeddings = encoder.pooledEmbeddings(ws, norms: norms)
        let labelUnits = Self.normalisedRows(labelEmbeddings)
        var logits = Tensor(zeros: [b, classes])
        var dEmbeddings = [Float](repeating: 0, count: b * h)
        var gradient = Tensor(zeros: prompt.shape)
        var dPooled = [Float](repeating: 0, count: h)
        let loss = embeddings.scalars.withUnsafeBufferPointer { e in
            labelUnits.withUnsafeBufferPointer { l in
                logits.scalars.withUnsafeMutableBufferPointer { z in
                    dEmbeddings.withUnsafeMutableBufferPointer { de in
                        CosineHead.logits(z.baseAddress!, embeddings: e.baseAddress!, labels: l.baseAddress!,
                                          batch: b, classes: classes, width: h, temperature: temperature)
                        let loss = headLoss(de.baseAddress!, z.baseAddress!, l.baseAddress!)
                        dPooled.withUnsafeMutableBufferPointer { scratch in
                            MeanPooling.backward(dHidden: ws.gradient, dEmbeddings: de.baseAddress!,
                                                 embeddings: e.baseAddress!, norms: norms, mask: ws.keyMask,
                                                 batch: b, sequence: ws.sequence, width: h,
                                                 scratch: scratch.baseAddress!)
                        }
                        return loss
                    }
                }
            }
        }
        gradient.scalars.withUnsafeMutableBufferPointer { g in
            encoder.backwardToPrompt(workspace: ws, dPrompt: g.baseAddress!)
        }
        return StepResult(loss: loss, gradient: gradient, logits: logits)
    }

    /// Logits [B, classes] (cos / temperature) without gradient; argmax is the prediction.
    /// A nil prompt scores the plain model (zero-shot).
    public func predict(prompt: Tensor?, batch: EncodedBatch, labelEmbeddings: Tensor) throws -> Tensor {
        let classes = try validate(labelEmbeddings)
        if let prompt { try requirePrompt(prompt) }
        let embeddings = try encoder.embed(batch, prompt: prompt, workspace: workspace)
        let h = encoder.config.hiddenSize
        let labelUnits = Self.normalisedRows(labelEmbeddings)
        var logits = Tensor(zeros: [batch.batchSize, classes])
        embeddings.scalars.withUnsafeBufferPointer { e in
            labelUnits.withUnsafeBufferPointer { l in
                logits.scalars.withUnsafeMutableBufferPointer { z in
                    CosineHead.logits(z.baseAddress!, embeddings: e.baseAddress!, labels: l.baseAddress!,
                                      batch: batch.batchSize, classes: classes, width: h, temperature: temperature)
                }
            }
        }
        return logits
    }

    /// Prompted sentence embeddings [B, H] (mean over prompt and tokens, normalised).
    public func embed(prompt: Tensor, batch: EncodedBatch) throws -> Tensor {
        try requirePrompt(prompt)
        return try encoder.embed(batch, prompt: prompt, workspace: workspace)
    }

    private func requirePrompt(_ prompt: Tensor) throws {
        guard prompt.rank == 2, prompt.shape[0] > 0 else {
            throw ModelError("the soft prompt has shape \(prompt.shape); it must be [P, \(encoder.config.hiddenSize)] with P >= 1")
        }
    }

    private func validate(_ labelEmbeddings: Tensor) throws -> Int {
        let h = encoder.config.hiddenSize
        guard labelEmbeddings.rank == 2, labelEmbeddings.shape[1] == h, labelEmbeddings.shape[0] >= 1 else {
            throw ModelError("label embeddings have shape \(labelEmbeddings.shape); they must be [classes, \(h)], one row per label text")
        }
        guard labelEmbeddings.allFinite else {
            throw ModelError("label embeddings hold NaN or infinite values; recompute them from the label texts")
        }
        return labelEmbeddings.shape[0]
    }

    static func normalisedRows(_ t: Tensor) -> [Float] {
        let (rows, cols) = t.matrixShape
        var out = t.scalars
        for r in 0..<rows {
            var squares: Float = 0
            for c in 0..<cols { squares += out[r * cols + c] * out[r * cols + c] }
            let norm = max(squares.squareRoot(), MeanPooling.normFloor)
            for c in 0..<cols { out[r * cols + c] /= norm }
        }
        return out
    }
}
