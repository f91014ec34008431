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
            maxima = pointwiseMax(maxima, VectorMath.load(x + j) + VectorMath.load(keyBias + j))
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
}
