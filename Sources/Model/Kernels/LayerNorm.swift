/// Layer normalisation over the last axis, forward and backward to the input
/// (the frozen gamma and beta get no gradient). llm.c layout: `rows` rows of `cols`.
enum LayerNorm {
    /// x = input (+ bias + residual, written back into `input` because backward needs
    /// the sum), out = (x - mean) * rstd * gamma + beta, per-row mean and 1/std kept.
    static func forward(out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                        rstd: UnsafeMutablePointer<Float>, input: UnsafeMutablePointer<Float>,
                        bias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil,
                        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                        rows: Int, cols: Int, epsilon: Float) {
        precondition(cols % 8 == 0, "layer norm width must be a multiple of 8")
        for row in 0..<rows {
            let x = input + row * cols
            var sum = Vector8()
            var c = 0
            while c < cols {
                var v = VectorMath.load(x + c)
                if let bias { v += VectorMath.load(bias + c) }
                if let residual { v += VectorMath.load(residual + row * cols + c) }
                VectorMath.store(v, x + c)
                sum += v
                c += 8
            }
            let m = sum.sum() / Float(cols)
            // Two passes: the variance of deviations keeps precision when |mean| >> std.
            var squares = Vector8()
            c = 0
            while c < cols {
                let d = VectorMath.load(x + c) - m
                squares += d * d
                c += 8
            }
            let s = 1 / (squares.sum() / Float(cols) + epsilon).squareRoot()
            mean[row] = m
            rstd[row] = s
            let y = out + row * cols
            c = 0
            while c < cols {
                let normalised = (VectorMath.load(x + c) - m) * s
                VectorMath.store(normalised * VectorMath.load(gamma + c) + VectorMath.load(beta + c), y + c)
                c += 8
            }
        }
    }

    /// In place: `gradient` holds dL/d(out) on entry and dL/d(input) on return.
    /// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = gamma * dout.
    static func backward(gradient: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
                         mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                         rows: Int, cols: Int) {
        for row in 0..<rows {
            let d = gradient + row * cols
            let x = input + row * cols
            let m = mean[row], s = rstd[row]
            var gSum = Vector8(), gxSum = Vector8()
            var c = 0
            while c < cols {
                let g = VectorMath.load(gamma + c) * VectorMath.load(d + c)
                gSum += g
                gxSum += g * ((VectorMath.load(x + c) - m) * s)
                c += 8
            }
            let gMean = gSum.sum() / Float(cols)
            let gxMean = gxSum.sum() / Float(cols)
            c = 0
            while c < cols {
                let g = VectorMath.load(gamma + c) * VectorMath.load(d + c)
                let xhat = (VectorMath.load(x + c) - m) * s
                VectorMath.store(s * (g - gMean - xhat * gxMean), d + c)
                c += 8
            }
        }
    }
}
