/// BERT's input layer: LayerNorm(input vector + position + token type), where the
/// input vector of a prompt row is the soft prompt and of a token row its word
/// embedding. The prompt comes before [CLS]; positions count over the whole
/// concatenation (prompt rows 0..<P, [CLS] at P); prompt rows have token type 0.
enum Embeddings {
    struct Input {
        let inputIds: UnsafePointer<Int32>      // [B, L]
        let tokenTypeIds: UnsafePointer<Int32>  // [B, L]
        let prompt: UnsafePointer<Float>?       // [P, H]
        let promptLength: Int                   // P
        let tokens: Int                         // L
        var sequence: Int { promptLength + tokens }
    }

    /// Rows `batchRows` of the batch. `sum` keeps the LayerNorm input for backward.
    static func forward(out: UnsafeMutablePointer<Float>, sum: UnsafeMutablePointer<Float>,
                        mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
                        input: Input, weights: BertWeights, batchRows: Range<Int>) {
        let h = weights.config.hiddenSize
        let t = input.sequence
        for b in batchRows {
            for position in 0..<t {
                let row = b * t + position
                let x = sum + row * h
                let vector: UnsafePointer<Float>
                let type: Int
                if position < input.promptLength {
                    vector = input.prompt! + position * h
                    type = 0
                } else {
                    let token = b * input.tokens + position - input.promptLength
                    vector = weights.wordEmbeddings + Int(input.inputIds[token]) * h
                    type = Int(input.tokenTypeIds[token])
                }
                let positionVector = weights.positionEmbeddings + position * h
                let typeVector = weights.tokenTypeEmbeddings + type * h
                var c = 0
                while c < h {
                    let v = VectorMath.load(vector + c) + VectorMath.load(positionVector + c)
                        + VectorMath.load(typeVector + c)
                    VectorMath.store(v, x + c)
                    c += VectorMath.lanes
                }
            }
            LayerNorm.forward(out: out + b * t * h, mean: mean + b * t, rstd: rstd + b * t, input: sum + b * t * h,
                              gamma: weights.embeddingNormGamma, beta: weights.embeddingNormBeta,
                              rows: t, cols: h, epsilon: weights.config.layerNormEpsilon)
        }
    }

    /// dL/d(prompt) [P, H] = sum over `batchRows` of the LayerNorm backward of their
    /// prompt rows. Overwrites those rows of `gradient` (dL/d(out), [B*T, H]).
    static func backwardToPrompt(dPrompt: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                                 sum: UnsafePointer<Float>, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                                 weights: BertWeights, batchRows: Range<Int>, sequence t: Int, promptLength p: Int) {
        let h = weights.config.hiddenSize
        dPrompt.update(repeating: 0, count: p * h)
        for b in batchRows {
            let first = b * t
            LayerNorm.backward(gradient: gradient + first * h, input: sum + first * h, mean: mean + first,
                               rstd: rstd + first, gamma: weights.embeddingNormGamma, rows: p, cols: h)
            var i = 0
            while i < p * h {
                VectorMath.store(VectorMath.load(dPrompt + i) + VectorMath.load(gradient + first * h + i), dPrompt + i)
                i += VectorMath.lanes
            }
        }
    }
}
