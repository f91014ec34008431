/// Exact GELU, x * Phi(x) with the normal CDF (BERT's "gelu"), forward and backward.
/// Training keeps the slope GELU'(x) = Phi(x) + x phi(x) from the forward pass, where
/// Phi is at hand anyway, so backward is a multiplication.
enum GELU {
    /// pre += bias (per column), out = GELU(pre). With `keepSlope`, `pre` is
    /// overwritten by GELU'(pre), which is all backward needs.
    static func forward(out: UnsafeMutablePointer<Float>, pre: UnsafeMutablePointer<Float>,
                        bias: UnsafePointer<Float>, rows: Int, cols: Int, keepSlope: Bool) {
        precondition(cols % 8 == 0, "GELU width must be a multiple of 8")
        for row in 0..<rows {
            let x = pre + row * cols, y = out + row * cols
            var c = 0
            while c < cols {
                let v = VectorMath.load(x + c) + VectorMath.load(bias + c)
                let (cdf, pdf) = VectorMath.normalCDFAndPDF(v)
                VectorMath.store(v * cdf, y + c)
                if keepSlope { VectorMath.store(cdf + v * pdf, x + c) }
                c += 8
            }
        }
    }

    /// In place: `gradient` holds dL/d(out) on entry and dL/d(pre) on return.
    static func backward(gradient: UnsafeMutablePointer<Float>, slope: UnsafePointer<Float>, count: Int) {
        precondition(count % 8 == 0, "GELU size must be a multiple of 8")
        var i = 0
        while i < count {
            VectorMath.store(VectorMath.load(gradient + i) * VectorMath.load(slope + i), gradient + i)
            i += 8
        }
    }
}
