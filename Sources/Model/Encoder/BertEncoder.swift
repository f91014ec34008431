import Tensor

/// The frozen BERT encoder: forward over a padded batch with an optional soft prompt
/// in front of every sequence, and backward from the last hidden state to that prompt
/// only (the weights are constants; no weight gradient is ever formed).
/// Every matrix product is one BLAS sgemm over all B x T rows, except attention,
/// which runs per (batch element, head) on strided views of the fused QKV output.
public final class BertEncoder: Sendable {
    public let weights: BertWeights
    public var config: BertConfig { weights.config }

    public init(weights: BertWeights) {
        self.weights = weights
    }

    /// Runs the encoder; the last hidden state [B*T, H] (T = P + L) is left in
    /// `workspace.hidden`. `keepActivations` keeps what `backwardToPrompt` needs.
    func forward(batch: EncodedBatch, prompt: Tensor?, workspace: EncoderWorkspace, keepActivations: Bool) throws {
        try validate(batch: batch, prompt: prompt)
        let c = config
        let h = c.hiddenSize, i = c.intermediateSize
        let p = prompt?.shape[0] ?? 0
        let t = p + batch.sequenceLength
        let r = batch.batchSize * t
        workspace.prepare(batch: batch.batchSize, sequence: t, promptLength: p, keepAllLayers: keepActivations)
        workspace.setMask(batch.attentionMask, tokens: batch.sequenceLength)
        let ws = workspace
        let attentionShape = Attention.Shape(sequence: t, hidden: h, headSize: c.headSize)

        batch.inputIds.withUnsafeBufferPointer { ids in
            batch.tokenTypeIds.withUnsafeBufferPointer { types in
                (prompt?.scalars ?? []).withUnsafeBufferPointer { promptScalars in
                    let input = Embeddings.Input(inputIds: ids.baseAddress!, tokenTypeIds: types.baseAddress!,
                                                 prompt: p > 0 ? promptScalars.baseAddress! : nil,
                                                 promptLength: p, tokens: batch.sequenceLength)
                    Parallel.forEachChunk(of: batch.batchSize) { batchRows in
                        Embeddings.forward(out: ws.hidden, sum: ws.embeddingSum, mean: ws.embeddingMean,
                                           rstd: ws.embeddingRstd, input: input, weights: weights, batchRows: batchRows)
                    }
                }
            }
        }

        for (index, w) in weights.layers.enumerated() {
            let a = ws.layer(index)
            // Self-attention: one GEMM for Q, K and V of all rows, then per (batch, head).
            BLAS.sgemm(transB: true, m: r, n: 3 * h, k: h, a: ws.hidden, lda: h, b: w.qkvWeight, ldb: h,
                       c: a.qkv, ldc: 3 * h)
            Parallel.forEachChunk(of: batch.batchSize) { batchRows in
                for b in batchRows {
                    let qkv = a.qkv + b * t * 3 * h
                    addBias(w.qkvBias, to: qkv, rows: t, cols: 3 * h)
                    for head in 0..<c.headCount {
                        Attention.forward(context: ws.context + b * t * h,
                                          probs: a.probs + (b * c.headCount + head) * t * t,
                                          qkv: qkv, head: head, keyMask: ws.keyMask + b * t,
                                          keyBias: ws.keyBias + b * t, validKeys: ws.validKeys[b], shape: attentionShape)
                    }
                }
            }
            BLAS.sgemm(transB: true, m: r, n: h, k: h, a: ws.context, lda: h, b: w.attentionOutWeight, ldb: h,
                       c: a.attentionSum, ldc: h)
            Parallel.forEachChunk(of: r, minimumChunk: 16) { rows in
                LayerNorm.forward(out: ws.attentionOut + rows.lowerBound * h, mean: a.attentionMean + rows.lowerBound,
                                  rstd: a.attentionRstd + rows.lowerBound, input: a.attentionSum + rows.lowerBound * h,
                                  bias: w.attentionOutBias, residual: ws.hidden + rows.lowerBound * h,
                                  gamma: w.attentionNormGamma, beta: w.attentionNormBeta,
                                  rows: rows.count, cols: h, epsilon: c.layerNormEpsilon)
            }
            // Feed-forward: GELU(x W1^T + b1) W2^T + b2, residual, LayerNorm.
            BLAS.sgemm(transB: true, m: r, n: i, k: h, a: ws.attentionOut, lda: h, b: w.ffnInWeight, ldb: h,
                       c: a.ffnPre, ldc: i)
            Parallel.forEachChunk(of: r, minimumChunk: 16) { rows in
                GELU.forward(out: ws.ffnActivation + rows.lowerBound * i, pre: a.ffnPre + rows.lowerBound * i,
                             bias: w.ffnInBias, rows: rows.count, cols: i)
            }
            BLAS.sgemm(transB: true, m: r, n: h, k: i, a: ws.ffnActivation, lda: i, b: w.ffnOutWeight, ldb: i,
                       c: a.outputSum, ldc: h)
            Parallel.forEachChunk(of: r, minimumChunk: 16) { rows in
                LayerNorm.forward(out: ws.hidden + rows.lowerBound * h, mean: a.outputMean + rows.lowerBound,
                                  rstd: a.outputRstd + rows.lowerBound, input: a.outputSum + rows.lowerBound * h,
                                  bias: w.ffnOutBias, residual: ws.attentionOut + rows.lowerBound * h,
                                  gamma: w.outputNormGamma, beta: w.outputNormBeta,
                                  rows: rows.count, cols: h, epsilon: c.layerNormEpsilon)
            }
        }
    }

    /// dL/d(prompt) [P, H] from dL/d(last hidden state), which the caller has written
    /// into `workspace.gradient` ([B*T, H]) after a forward with `keepActivations`.
    func backwardToPrompt(workspace ws: EncoderWorkspace, dPrompt: UnsafeMutablePointer<Float>) {
        precondition(ws.keepsAllLayers && ws.promptLength > 0, "backward needs a prompted forward that kept its activations")
        let c = config
        let h = c.hiddenSize, i = c.intermediateSize
        let t = ws.sequence, p = ws.promptLength, batchSize = ws.batch
        let r = ws.rows
        let g = ws.gradient!
        let attentionShape = Attention.Shape(sequence: t, hidden: h, headSize: c.headSize)

        for (index, w) in weights.layers.enumerated().reversed() {
            let a = ws.layer(index)
            Parallel.forEachChunk(of: r, minimumChunk: 16) { rows in
                LayerNorm.backward(gradient: g + rows.lowerBound * h, input: a.outputSum + rows.lowerBound * h,
                                   mean: a.outputMean + rows.lowerBound, rstd: a.outputRstd + rows.lowerBound,
                                   gamma: w.outputNormGamma, rows: rows.count, cols: h)
            }
            // g is now dL/d(outputSum) = dL/d(FFN out) = the residual part of dL/d(attentionOut).
            BLAS.sgemm(m: r, n: i, k: h, a: g, lda: h, b: w.ffnOutWeight, ldb: i, c: ws.ffnActivation, ldc: i)
            Parallel.forEachChunk(of: r, minimumChunk: 16) { rows in
                GELU.backward(gradient: ws.ffnActivation + rows.lowerBound * i, pre: a.ffnPre + rows.lowerBound * i,
                              count: rows.count * i)
            }
            BLAS.sgemm(m: r, n: h, k: i, a: ws.ffnActivation, lda: i, b: w.ffnInWeight, ldb: h,
                       beta: 1, c: g, ldc: h)
            Parallel.forEachChunk(of: r, minimumChunk: 16) { rows in
                LayerNorm.backward(gradient: g + rows.lowerBound * h, input: a.attentionSum + rows.lowerBound * h,
                                   mean: a.attentionMean + rows.lowerBound, rstd: a.attentionRstd + rows.lowerBound,
                                   gamma: w.attentionNormGamma, rows: rows.count, cols: h)
            }
            // g is now dL/d(attentionSum): the residual part of dL/d(layer input) and dL/d(attention out).
            BLAS.sgemm(m: r, n: h, k: h, a: g, lda: h, b: w.attentionOutWeight, ldb: h, c: ws.context, ldc: h)
            // Below the first layer only the prompt rows matter (the rest are fixed word vectors).
            let isFirstLayer = index == 0
            Parallel.forEachChunk(of: batchSize) { batchRows in
                for b in batchRows {
                    for head in 0..<c.headCount {
                        Attention.backward(dQKV: ws.dQKV + b * t * 3 * h, dContext: ws.context + b * t * h,
                                           probs: a.probs + (b * c.headCount + head) * t * t,
                                           qkv: a.qkv + b * t * 3 * h, head: head,
                                           queryRows: isFirstLayer ? p : t,
                                           scratch: ws.scoreScratch + b * t * t, shape: attentionShape)
                    }
                }
            }
            if isFirstLayer {
                for b in 0..<batchSize {
                    BLAS.sgemm(m: p, n: h, k: 3 * h, a: ws.dQKV + b * t * 3 * h, lda: 3 * h, b: w.qkvWeight, ldb: h,
                               beta: 1, c: g + b * t * h, ldc: h)
                }
            } else {
                BLAS.sgemm(m: r, n: h, k: 3 * h, a: ws.dQKV, lda: 3 * h, b: w.qkvWeight, ldb: h, beta: 1, c: g, ldc: h)
            }
        }
        Embeddings.backwardToPrompt(dPrompt: dPrompt, gradient: g, sum: ws.embeddingSum, mean: ws.embeddingMean,
                                    rstd: ws.embeddingRstd, weights: weights, batch: batchSize, sequence: t,
                                    promptLength: p)
    }

    private func addBias(_ bias: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for row in 0..<rows {
            let y = x + row * cols
            var c = 0
            while c < cols {
                VectorMath.store(VectorMath.load(y + c) + VectorMath.load(bias + c), y + c)
                c += 8
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
        let total = (prompt?.shape[0] ?? 0) + batch.sequenceLength
        guard total <= c.maxPositions else {
            throw ModelError("prompt (\(prompt?.shape[0] ?? 0)) plus tokens (\(batch.sequenceLength)) is \(total) positions, more than the model's \(c.maxPositions); truncate the texts to at most \(c.maxPositions - (prompt?.shape[0] ?? 0)) tokens")
        }
        guard batch.batchSize > 0, total > 0 else {
            throw ModelError("the batch is empty; pass at least one text")
        }
        for id in batch.inputIds where id < 0 || Int(id) >= c.vocabularySize {
            throw ModelError("token id \(id) is outside the vocabulary (0..<\(c.vocabularySize)); tokenise with this model's vocab.txt")
        }
        for type in batch.tokenTypeIds where type < 0 || Int(type) >= c.typeVocabularySize {
            throw ModelError("token type \(type) is outside 0..<\(c.typeVocabularySize) of this model")
        }
    }
}
