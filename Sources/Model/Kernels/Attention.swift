import Tensor

/// Scaled dot-product self-attention of one (batch element, head), forward and
/// backward to Q, K and V. Q, K and V are strided views into the fused [T, 3H]
/// projection (row stride 3H), so no head is ever copied out; the context is
/// written straight into its columns of the [T, H] output.
enum Attention {
    struct Shape {
        let sequence: Int   // T
        let hidden: Int     // H
        let headSize: Int   // H / heads
        var scale: Float { 1 / Float(headSize).squareRoot() }
    }

    /// probs = softmax(scale * Q K^T over unmasked keys), context = probs V.
    /// `keyBias` is 0 for a real key and -infinity for padding; `validKeys` counts the real ones.
    static func forward(context: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
                        qkv: UnsafePointer<Float>, head: Int, keyMask: UnsafePointer<Float>,
                        keyBias: UnsafePointer<Float>, validKeys: Int, shape: Shape) {
        let t = shape.sequence, h = shape.hidden, d = shape.headSize
        let q = qkv + head * d, k = q + h, v = q + 2 * h
        BLAS.sgemm(transB: true, m: t, n: t, k: d, alpha: shape.scale, a: q, lda: 3 * h, b: k, ldb: 3 * h,
                   c: probs, ldc: t)
        for row in 0..<t {
            softmax(probs + row * t, count: t, keyMask: keyMask, keyBias: keyBias, validKeys: validKeys)
        }
        BLAS.sgemm(m: t, n: d, k: t, a: probs, lda: t, b: v, ldb: 3 * h, c: context + head * d, ldc: h)
    }

    /// Gradients of Q, K and V of this head into their columns of `dQKV` ([T, 3H]).
    /// `scratch` holds T x T floats. Only the first `queryRows` rows of dQ are written
    /// (the first layer needs just the prompt rows).
    static func backward(dQKV: UnsafeMutablePointer<Float>, dContext: UnsafePointer<Float>,
                         probs: UnsafePointer<Float>, qkv: UnsafePointer<Float>, head: Int,
                         queryRows: Int, scratch dScores: UnsafeMutablePointer<Float>, shape: Shape) {
        let t = shape.sequence, h = shape.hidden, d = shape.headSize
        let q = qkv + head * d, k = q + h, v = q + 2 * h
        let dOut = dContext + head * d
        // dP = dContext V^T; dV = P^T dContext
        BLAS.sgemm(transB: true, m: t, n: t, k: d, a: dOut, lda: h, b: v, ldb: 3 * h, c: dScores, ldc: t)
        BLAS.sgemm(transA: true, m: t, n: d, k: t, a: probs, lda: t, b: dOut, ldb: h,
                   c: dQKV + 2 * h + head * d, ldc: 3 * h)
        // Softmax backward: dS = P * (dP - sum_j P dP); masked keys have P = 0.
        for row in 0..<t {
            softmaxBackward(dScores + row * t, probs: probs + row * t, count: t)
        }
        // S = scale Q K^T: dQ = scale dS K, dK = scale dS^T Q
        BLAS.sgemm(m: queryRows, n: d, k: t, alpha: shape.scale, a: dScores, lda: t, b: k, ldb: 3 * h,
                   c: dQKV + head * d, ldc: 3 * h)
        BLAS.sgemm(transA: true, m: t, n: d, k: t, alpha: shape.scale, a: dScores, lda: t, b: q, ldb: 3 * h,
                   c: dQKV + h + head * d, ldc: 3 * h)
    }

    /// In place over one row of scores. Masked keys get weight exactly 0, as with the
    /// reference's additive float32.min; a row without any real key is uniform, as there.
    @inline(__always)
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int, keyMask: UnsafePointer<Float>,
                        keyBias: UnsafePointer<Float>, validKeys: Int) {
        guard validKeys > 0 else {
            for j in 0..<count { x[j] = 1 / Float(count) }
            return
        }
        let full = count & ~7
        var maxima = Vector8(repeating: -.infinity)
        var j = 0
        while j < full {
            let v = VectorMath.load(x + j) + VectorMath.load(keyBias + j)
            maxima = maxima.replacing(with: v, where: v .> maxima)
            j += 8
        }
        var m = maxima.max()
        for j in full..<count { m = max(m, x[j] + keyBias[j]) }
        var sums = Vector8()
        j = 0
        while j < full {
            let e = VectorMath.exp(VectorMath.load(x + j) - m) * VectorMath.load(keyMask + j)
            VectorMath.store(e, x + j)
            sums += e
            j += 8
        }
        var sum = sums.sum()
        if full < count {
            let n = count - full
            let e = VectorMath.exp(VectorMath.load(x + full, count: n) - m) * VectorMath.load(keyMask + full, count: n)
            VectorMath.store(e, x + full, count: n)
            sum += e.sum()
        }
        let inverse = 1 / sum
        j = 0
        while j < full {
            VectorMath.store(VectorMath.load(x + j) * inverse, x + j)
            j += 8
        }
        for j in full..<count { x[j] *= inverse }
    }

    @inline(__always)
    static func softmaxBackward(_ dx: UnsafeMutablePointer<Float>, probs: UnsafePointer<Float>, count: Int) {
        let full = count & ~7
        var dots = Vector8()
        var j = 0
        while j < full {
            dots += VectorMath.load(dx + j) * VectorMath.load(probs + j)
            j += 8
        }
        var dot = dots.sum()
        for j in full..<count { dot += dx[j] * probs[j] }
        j = 0
        while j < full {
            VectorMath.store(VectorMath.load(probs + j) * (VectorMath.load(dx + j) - dot), dx + j)
            j += 8
        }
        for j in full..<count { dx[j] = probs[j] * (dx[j] - dot) }
    }
}
