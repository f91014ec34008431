/// Exact GELU, x * Phi(x) with the normal CDF (BERT's "gelu"), forward and backward.
enum GELU {
    /// pre += bias (per column, in place: backward needs it), out = GELU(pre).
    static func forward(out: UnsafeMutablePointer<Float>, pre: UnsafeMutablePointer<Float>,
                        bias: UnsafePointer<Float>, rows: Int, cols: Int) {
        precondition(cols % 8 == 0, "GELU width must be a multiple of 8")
        for row in 0..<rows {
            let x = pre + row * cols, y = out + row * cols
            var c = 0
            while c < cols {
                let v = VectorMath.load(x + c) + VectorMath.load(bias + c)
                VectorMath.store(v, x + c)
                VectorMath.store(v * VectorMath.normalCDF(v), y + c)
                c += 8
            }
        }
    }

    /// In place: `gradient` holds dL/d(out) on entry and dL/d(pre) on return.
    /// d GELU/dx = Phi(x) + x phi(x).
    static func backward(gradient: UnsafeMutablePointer<Float>, pre: UnsafePointer<Float>, count: Int) {
        precondition(count % 8 == 0, "GELU size must be a multiple of 8")
        var i = 0
        while i < count {
            let x = VectorMath.load(pre + i)
            let slope = VectorMath.normalCDF(x) + x * VectorMath.normalPDF(x)
            VectorMath.store(VectorMath.load(gradient + i) * slope, gradient + i)
            i += 8
        }
    }
}
