import Foundation
import Tensor

/// The frozen BERT encoder: forward over a padded batch with an optional soft prompt
/// in front of every sequence, and backward from the last hidden state to that prompt
/// only (the weights are constants; no weight gradient is ever formed).
///
/// Every dense product is one BLAS sgemm over all rows of a slice of the batch;
/// attention runs per (batch element, head) on strided views of the fused QKV output.
/// Rows of different batch elements only meet in the final sum over the prompt
/// gradient, so each core takes a slice of the batch through all layers on its own
/// (single-threaded OpenBLAS per slice: no synchronisation between layers and no BLAS
/// worker threads spinning between calls). A batch smaller than the core count runs
/// as one slice with multi-threaded OpenBLAS instead.
public final class BertEncoder: Sendable {
    public let weights: BertWeights
    public var config: BertConfig { weights.config }

    public init(weights: BertWeights) {
        self.weights = weights
    }

    /// Runs the encoder; the last hidden state [B*T, H] (T = P + L) is left in
    /// `workspace.hidden`. `keepActivations` keeps what `backwardToPrompt` needs.
    func forward(batch: EncodedBatch, prompt: Tensor?, workspace ws: EncoderWorkspace, keepActivations: Bool) throws {
        try validate(batch: batch, prompt: prompt)
        let p = prompt?.shape[0] ?? 0
        ws.prepare(batch: batch.batchSize, sequence: p + batch.sequenceLength, promptLength: p,
                   keepAllLayers: keepActivations)
        ws.setMask(batch.attentionMask, tokens: batch.sequenceLength)
        batch.inputIds.withUnsafeBufferPointer { ids in
            batch.tokenTypeIds.withUnsafeBufferPointer { types in
                (prompt?.scalars ?? []).withUnsafeBufferPointer { promptScalars in
                    let input = Embeddings.Input(inputIds: ids.baseAddress!, tokenTypeIds: types.baseAddress!,
                                                 prompt: p > 0 ? promptScalars.baseAddress! : nil,
                                                 promptLength: p, tokens: batch.sequenceLength)
                    forEachBatchSlice(batch.batchSize) { slice in
                        forward(slice, input: input, workspace: ws, keepActivations: keepActivations)
                    }
                }
            }
        }
    }

    /// dL/d(prompt) [P, H] from dL/d(last hidden state), which the caller has written
    /// into `workspace.gradient` ([B*T, H]) after a forward with `keepActivations`.
    func backwardToPrompt(workspace ws: EncoderWorkspace, dPrompt: UnsafeMutablePointer<Float>) {
        precondition(ws.keepsAllLayers && ws.promptLength > 0, "backward needs a prompted forward that kept its activations")
        let count = ws.promptLength * config.hiddenSize
        let slices = batchSlices(ws.batch)
        // One partial sum per slice, added in a fixed order: the result does not depend on timing.
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: slices.count * count)
        defer { partials.deallocate() }
        runSlices(slices) { index, slice in
            backward(slice, workspace: ws, dPrompt: partials + index * count)
        }
        dPrompt.update(from: partials, count: count)
        for index in 1..<max(slices.count, 1) {
            for i in 0..<count { dPrompt[i] += partials[index * count + i] }
        }
    }

    // MARK: - One slice of the batch through all layers

    private func forward(_ slice: Range<Int>, input: Embeddings.Input, workspace ws: EncoderWorkspace,
                         keepActivations: Bool) {
        let c = config
        let h = c.hiddenSize, i = c.intermediateSize, t = ws.sequence
        let first = slice.lowerBound * t  // first row of the slice
        let r = slice.count * t
        let shape = Attention.Shape(sequence: t, hidden: h, headSize: c.headSize)
        let hidden = ws.hidden + first * h, attentionOut = ws.attentionOut + first * h
        let context = ws.context + first * h, ffnActivation = ws.ffnActivation + first * i

        Embeddings.forward(out: ws.hidden, sum: ws.embeddingSum, mean: ws.embeddingMean, rstd: ws.embeddingRstd,
                           input: input, weights: weights, batchRows: slice)
        for (index, w) in weights.layers.enumerated() {
            let a = ws.layer(index)
            let qkv = a.qkv + first * 3 * h
            // Self-attention: one GEMM for Q, K and V of all rows, then per (batch element, head).
            // Each GEMM accumulates (beta 1) onto its bias (+ residual), written first: that
            // pass replaces both OpenBLAS's zeroing of C and a separate bias pass after it.
            fillRows(qkv, with: w.qkvBias, rows: r, cols: 3 * h)
            BLAS.sgemm(transB: true, m: r, n: 3 * h, k: h, a: hidden, lda: h, b: w.qkvWeight, ldb: h,
                       beta: 1, c: qkv, ldc: 3 * h)
            for b in slice {
                for head in 0..<c.headCount {
                    Attention.forward(context: ws.context + b * t * h,
                                      probs: a.probs + (b * c.headCount + head) * t * shape.rowStride,
                                      qkv: a.qkv + b * t * 3 * h, head: head, keyBias: ws.keyBias + b * shape.rowStride,
                                      shape: shape)
                }
            }
            let attentionSum = a.attentionSum + first * h
            fillRows(attentionSum, with: w.attentionOutBias, plus: hidden, rows: r, cols: h)
            BLAS.sgemm(transB: true, m: r, n: h, k: h, a: context, lda: h, b: w.attentionOutWeight, ldb: h,
                       beta: 1, c: attentionSum, ldc: h)
            LayerNorm.forward(out: attentionOut, mean: a.attentionMean + first, rstd: a.attentionRstd + first,
                              input: attentionSum, gamma: w.attentionNormGamma, beta: w.attentionNormBeta,
                              rows: r, cols: h, epsilon: c.layerNormEpsilon)
            // Feed-forward: GELU(x W1^T + b1) W2^T + b2, residual, LayerNorm (written over the layer input).
            let ffnPre = a.ffnPre + first * i
            fillRows(ffnPre, with: w.ffnInBias, rows: r, cols: i)
            BLAS.sgemm(transB: true, m: r, n: i, k: h, a: attentionOut, lda: h, b: w.ffnInWeight, ldb: h,
                       beta: 1, c: ffnPre, ldc: i)
            GELU.forward(out: ffnActivation, pre: ffnPre, count: r * i, keepSlope: keepActivations)
            let outputSum = a.outputSum + first * h
            fillRows(outputSum, with: w.ffnOutBias, plus: attentionOut, rows: r, cols: h)
            BLAS.sgemm(transB: true, m: r, n: h, k: i, a: ffnActivation, lda: i, b: w.ffnOutWeight, ldb: i,
                       beta: 1, c: outputSum, ldc: h)
            LayerNorm.forward(out: hidden, mean: a.outputMean + first, rstd: a.outputRstd + first, input: outputSum,
                              gamma: w.outputNormGamma, beta: w.outputNormBeta, rows: r, cols: h,
                              epsilon: c.layerNormEpsilon)
        }
    }

    private func backward(_ slice: Range<Int>, workspace ws: EncoderWorkspace, dPrompt: UnsafeMutablePointer<Float>) {
        let c = config
        let h = c.hiddenSize, i = c.intermediateSize, t = ws.sequence, p = ws.promptLength
        let first = slice.lowerBound * t
        let r = slice.count * t
        let shape = Attention.Shape(sequence: t, hidden: h, headSize: c.headSize)
        let g = ws.gradient + first * h  // running dL/d(hidden) of this slice
        let dContext = ws.context + first * h, dFfn = ws.ffnActivation + first * i
        let dQKV = ws.dQKV + first * 3 * h

        for (index, w) in weights.layers.enumerated().reversed() {
            let a = ws.layer(index)
            LayerNorm.backward(gradient: g, input: a.outputSum + first * h, mean: a.outputMean + first,
                               rstd: a.outputRstd + first, gamma: w.outputNormGamma, rows: r, cols: h)
            // g = dL/d(outputSum): the FFN output's gradient and the residual part of dL/d(attentionOut).
            BLAS.sgemm(m: r, n: i, k: h, a: g, lda: h, b: w.ffnOutWeight, ldb: i, c: dFfn, ldc: i)
            GELU.backward(gradient: dFfn, slope: a.ffnPre + first * i, count: r * i)
            BLAS.sgemm(m: r, n: h, k: i, a: dFfn, lda: i, b: w.ffnInWeight, ldb: h, beta: 1, c: g, ldc: h)
            LayerNorm.backward(gradient: g, input: a.attentionSum + first * h, mean: a.attentionMean + first,
                               rstd: a.attentionRstd + first, gamma: w.attentionNormGamma, rows: r, cols: h)
            // g = dL/d(attentionSum): the residual part of dL/d(layer input) and dL/d(attention output).
            BLAS.sgemm(m: r, n: h, k: h, a: g, lda: h, b: w.attentionOutWeight, ldb: h, c: dContext, ldc: h)
            // Below the first layer only the prompt rows matter (the others are fixed word vectors).
            let isFirstLayer = index == 0
            for b in slice {
                for head in 0..<c.headCount {
                    Attention.backward(dQKV: ws.dQKV + b * t * 3 * h, dContext: ws.context + b * t * h,
                                       probs: a.probs + (b * c.headCount + head) * t * shape.rowStride,
                                       qkv: a.qkv + b * t * 3 * h, head: head, queryRows: isFirstLayer ? p : t,
                                       scratch: ws.scoreScratch + b * t * shape.rowStride, shape: shape)
                }
            }
            if isFirstLayer {
                for b in slice {
                    BLAS.sgemm(m: p, n: h, k: 3 * h, a: ws.dQKV + b * t * 3 * h, lda: 3 * h, b: w.qkvWeight, ldb: h,
                               beta: 1, c: ws.gradient + b * t * h, ldc: h)
                }
            } else {
                BLAS.sgemm(m: r, n: h, k: 3 * h, a: dQKV, lda: 3 * h, b: w.qkvWeight, ldb: h, beta: 1, c: g, ldc: h)
            }
        }
        Embeddings.backwardToPrompt(dPrompt: dPrompt, gradient: ws.gradient, sum: ws.embeddingSum,
                                    mean: ws.embeddingMean, rstd: ws.embeddingRstd, weights: weights,
                                    batchRows: slice, sequence: t, promptLength: p)
    }

    // MARK: - Slicing the batch over the cores

    private func batchSlices(_ batch: Int) -> [Range<Int>] {
        let count = min(Parallel.coreCount, batch)
        return (0..<count).map { ($0 * batch / count)..<(($0 + 1) * batch / count) }
    }

    /// One encoder pass at a time in the whole process. OpenBLAS's thread count is process-wide,
    /// so two concurrent passes (a training job and an evaluation, two workers) would change it under
    /// each other: oversubscribed cores, and sgemm results that depend on the other pass's timing,
    /// which breaks the same-seed-same-prompt guarantee. Each pass already uses every core, so
    /// taking turns per pass costs no throughput.
    private static let passLock = NSLock()

    /// OpenBLAS's thread count is process-wide: set for the pass and restored after it.
    private func runSlices(_ slices: [Range<Int>], _ body: (Int, Range<Int>) -> Void) {
        Self.passLock.lock()
        defer { Self.passLock.unlock() }
        let previousThreads = BLAS.threadCount
        defer { BLAS.threadCount = previousThreads }
        if slices.count > 1 {
            BLAS.threadCount = 1
            Parallel.forEach(slices.count) { body($0, slices[$0]) }
        } else {
            BLAS.threadCount = Parallel.coreCount
            for (index, slice) in slices.enumerated() { body(index, slice) }
        }
    }

    private func forEachBatchSlice(_ batch: Int, _ body: (Range<Int>) -> Void) {
        runSlices(batchSlices(batch)) { body($1) }
    }

    /// Every row of `x` = bias (+ the same row of `residual`).
    private func fillRows(_ x: UnsafeMutablePointer<Float>, with bias: UnsafePointer<Float>,
                          plus residual: UnsafePointer<Float>? = nil, rows: Int, cols: Int) {
        for row in 0..<rows {
            let y = x + row * cols
            var c = 0
            while c < cols {
                var v = VectorMath.load(bias + c)
                if let residual { v += VectorMath.load(residual + row * cols + c) }
                VectorMath.store(v, y + c)
                c += VectorMath.lanes
            }
        }
    }

    private func validate(batch: EncodedBatch, prompt: Tensor?) throws {
        let c = config
        if let prompt {
            guard prompt.rank == 2, prompt.shape[1] == c.hiddenSize, prompt.shape[0] > 0 else {
                throw ModelError("the soft prompt has shape \(prompt.shape); it must be [P, \(c.hiddenSize)] with P >= 1 for this model")
            }
            guard prompt.allFinite else {
                throw ModelError("the soft prompt holds NaN or infinite values; reinitialise it (a diverged training run leaves such values)")
            }
        }
        let promptLength = prompt?.shape[0] ?? 0
        let total = promptLength + batch.sequenceLength
        guard total <= c.maxPositions else {
            throw ModelError("prompt (\(promptLength)) plus tokens (\(batch.sequenceLength)) is \(total) positions, more than the model's \(c.maxPositions); truncate the texts to at most \(c.maxPositions - promptLength) tokens")
        }
        guard batch.batchSize > 0, total > 0 else {
            throw ModelError("the batch is empty; pass at least one text")
        }
        if promptLength == 0 {
            for b in 0..<batch.batchSize {
                let mask = batch.attentionMask[(b * batch.sequenceLength)..<((b + 1) * batch.sequenceLength)]
                guard mask.contains(where: { $0 != 0 }) else {
                    throw ModelError("text \(b) of the batch has no unmasked token; every text needs at least [CLS]")
                }
            }
        }
        for id in batch.inputIds where id < 0 || Int(id) >= c.vocabularySize {
            throw ModelError("token id \(id) is outside the vocabulary (0..<\(c.vocabularySize)); tokenise with this model's vocab.txt")
        }
        for type in batch.tokenTypeIds where type < 0 || Int(type) >= c.typeVocabularySize {
            throw ModelError("token type \(type) is outside 0..<\(c.typeVocabularySize) of this model")
        }
    }
}
