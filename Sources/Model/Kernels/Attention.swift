import Tensor

/// Scaled dot-product self-attention of one (batch element, head), forward and
/// backward to Q, K and V. Q, K and V are strided views into the fused [T, 3H]
/// projection (row stride 3H), so no head is ever copied out; the context is
/// written straight into its columns of the [T, H] output.
///
/// Score rows are stored with a stride rounded up to whole vectors; the extra columns
/// count as masked keys (probability exactly 0), so softmax needs no scalar tail.
enum Attention {
    struct Shape {
        let sequence: Int   // T
        let hidden: Int     // H
        let headSize: Int   // H / heads
        /// Row stride of the [T, rowStride] score and probability blocks.
        var rowStride: Int { Self.rowStride(sequence) }
        var scale: Float { 1 / Float(headSize).squareRoot() }

        static func rowStride(_ sequence: Int) -> Int {
            (sequence + VectorMath.lanes - 1) / VectorMath.lanes * VectorMath.lanes
        }
    }

    /// probs = softmax(scale * Q K^T + keyBias), context = probs V. `keyBias` [rowStride]
    /// is 0 for a real key and -infinity for padding and the stride's extra columns.
    static func forward(context: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
                        qkv: UnsafePointer<Float>, head: Int, keyBias: UnsafePointer<Float>, shape: Shape) {
        let t = shape.sequence, h = shape.hidden, d = shape.headSize, s = shape.rowStride
        let q = qkv + head * d, k = q + h, v = q + 2 * h
        BLAS.sgemm(transB: true, m: t, n: t, k: d, alpha: shape.scale, a: q, lda: 3 * h, b: k, ldb: 3 * h,
                   c: probs, ldc: s)
        for row in 0..<t {
            softmax(probs + row * s, count: s, keyBias: keyBias)
        }
        BLAS.sgemm(m: t, n: d, k: t, a: probs, lda: s, b: v, ldb: 3 * h, c: context + head * d, ldc: h)
    }

    /// Gradients of Q, K and V of this head into their columns of `dQKV` ([T, 3H]).
    /// `scratch` holds T x rowStride floats. Only the first `queryRows` rows of dQ are
    /// written (the first layer needs just the prompt rows).
    static func backward(dQKV: UnsafeMutablePointer<Float>, dContext: UnsafePointer<Float>,
                         probs: UnsafePointer<Float>, qkv: UnsafePointer<Float>, head: Int,
                         queryRows: Int, scratch dScores: UnsafeMutablePointer<Float>, shape: Shape) {
        let t = shape.sequence, h = shape.hidden, d = shape.headSize, s = shape.rowStride
        let q = qkv + head * d, k = q + h, v = q + 2 * h
        let dOut = dContext + head * d
        // dP = dContext V^T; dV = P^T dContext
        BLAS.sgemm(transB: true, m: t, n: t, k: d, a: dOut, lda: h, b: v, ldb: 3 * h, c: dScores, ldc: s)
        BLAS.sgemm(transA: true, m: t, n: d, k: t, a: probs, lda: s, b: dOut, ldb: h,
                   c: dQKV + 2 * h + head * d, ldc: 3 * h)
        // Softmax backward: dS = P * (dP - sum_j P dP); masked keys have P = 0.
        for row in 0..<t {
            softmaxBackward(dScores + row * s, probs: probs + row * s, count: s)
        }
        // S = scale Q K^T: dQ = scale dS K, dK = scale dS^T Q
        BLAS.sgemm(m: queryRows, n: d, k: t, alpha: shape.scale, a: dScores, lda: s, b: k, ldb: 3 * h,
                   c: dQKV + head * d, ldc: 3 * h)
        BLAS.sgemm(transA: true, m: t, n: d, k: t, alpha: shape.scale, a: dScores, lda: s, b: q, ldb: 3 * h,
                   c: dQKV + h + head * d, ldc: 3 * h)
    }

    /// In place over one padded row of scores. Masked keys get weight exactly 0, as with
    /// the reference's additive float32.min; a row without any real key is uniform over
    /// the real length there, which never happens here ([CLS] or the prompt is always real).
    /// Selects rather than multiplies by the mask, so whatever the unused columns held
    /// cannot turn into NaN.
    @inline(__always)
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int, keyBias: UnsafePointer<Float>) {
        var maxima = FloatVector(repeating: -.infinity)
        var j = 0
        while j < count {
            let v = VectorMath.load(x + j) + VectorMath.load(keyBias + j)
            maxima = maxima.replacing(with: v, where: v .> maxima)
            j += VectorMath.lanes
        }
        let m = maxima.max()
        var sums = FloatVector()
        j = 0
        while j < count {
            let real = VectorMath.load(keyBias + j) .== 0
            let e = FloatVector().replacing(with: VectorMath.exp(VectorMath.load(x + j) - m), where: real)
            VectorMath.store(e, x + j)
            sums += e
            j += VectorMath.lanes
        }
        let inverse = 1 / sums.sum()
        j = 0
        while j < count {
            VectorMath.store(VectorMath.load(x + j) * inverse, x + j)
            j += VectorMath.lanes
        }
    }

    @inline(__always)
    static func softmaxBackward(_ dx: UnsafeMutablePointer<Float>, probs: UnsafePointer<Float>, count: Int) {
        var dots = FloatVector()
        var j = 0
        while j < count {
            let p = VectorMath.load(probs + j)
            dots += FloatVector().replacing(with: VectorMath.load(dx + j) * p, where: p .!= 0)
            j += VectorMath.lanes
        }
        let dot = dots.sum()
        j = 0
        while j < count {
            let p = VectorMath.load(probs + j)
            let d = p * (VectorMath.load(dx + j) - dot)
            VectorMath.store(FloatVector().replacing(with: d, where: p .!= 0), dx + j)
            j += VectorMath.lanes
        }
    }
}
