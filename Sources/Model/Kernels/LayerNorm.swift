/// Layer normalisation over the last axis, forward and backward to the input
/// (the frozen gamma and beta get no gradient). llm.c layout: `rows` rows of `cols`.
enum LayerNorm {
    /// out = (input - mean) * rstd * gamma + beta, per-row mean and 1/std kept. Bias and
    /// residual are already in `input` (the GEMM before it accumulates onto them).
    static func forward(out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                        rstd: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
                        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                        rows: Int, cols: Int, epsilon: Float) {
        precondition(cols % VectorMath.lanes == 0, "layer norm width must be a multiple of the vector width")
        for row in 0..<rows {
            let x = input + row * cols
            var sum = FloatVector()
            var c = 0
            while c < cols {
                sum += VectorMath.load(x + c)
                c += VectorMath.lanes
            }
            let m = sum.sum() / Float(cols)
            // Two passes: the variance of deviations keeps precision when |mean| >> std.
            var squares = FloatVector()
            c = 0
            while c < cols {
                let d = VectorMath.load(x + c) - m
                squares += d * d
                c += VectorMath.lanes
            }
            let s = 1 / (squares.sum() / Float(cols) + epsilon).squareRoot()
            mean[row] = m
            rstd[row] = s
            let y = out + row * cols
            c = 0
            while c < cols {
                let normalised = (VectorMath.load(x + c) - m) * s
                VectorMath.store(normalised * VectorMath.load(gamma + c) + VectorMath.load(beta + c), y + c)
                c += VectorMath.lanes
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
            var gSum = FloatVector(), gxSum = FloatVector()
            var c = 0
            while c < cols {
                let g = VectorMath.load(gamma + c) * VectorMath.load(d + c)
                gSum += g
                gxSum += g * ((VectorMath.load(x + c) - m) * s)
                c += VectorMath.lanes
            }
            let gMean = gSum.sum() / Float(cols)
            let gxMean = gxSum.sum() / Float(cols)
            c = 0
            while c < cols {
                let g = VectorMath.load(gamma + c) * VectorMath.load(d + c)
                let xhat = (VectorMath.load(x + c) - m) * s
                VectorMath.store(s * (g - gMean - xhat * gxMean), d + c)
                c += VectorMath.lanes
            }
        }
    }
}
