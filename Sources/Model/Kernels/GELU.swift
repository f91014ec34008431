/// Exact GELU, x * Phi(x) with the normal CDF (BERT's "gelu"), forward and backward.
/// Training keeps the slope GELU'(x) = Phi(x) + x phi(x) from the forward pass, where
/// Phi is at hand anyway, so backward is a multiplication.
enum GELU {
    /// out = GELU(pre) over `count` values. With `keepSlope`, `pre` is overwritten by
    /// GELU'(pre), which is all backward needs.
    static func forward(out: UnsafeMutablePointer<Float>, pre: UnsafeMutablePointer<Float>, count: Int,
                        keepSlope: Bool) {
        precondition(count % VectorMath.lanes == 0, "GELU size must be a multiple of the vector width")
        var i = 0
        while i < count {
            let v = VectorMath.load(pre + i)
            let (cdf, pdf) = VectorMath.normalCDFAndPDF(v)
            VectorMath.store(v * cdf, out + i)
            if keepSlope { VectorMath.store(cdf + v * pdf, pre + i) }
            i += VectorMath.lanes
        }
    }

    /// In place: `gradient` holds dL/d(out) on entry and dL/d(pre) on return.
    static func backward(gradient: UnsafeMutablePointer<Float>, slope: UnsafePointer<Float>, count: Int) {
        precondition(count % VectorMath.lanes == 0, "GELU size must be a multiple of the vector width")
        var i = 0
        while i < count {
            VectorMath.store(VectorMath.load(gradient + i) * VectorMath.load(slope + i), gradient + i)
            i += VectorMath.lanes
        }
    }
}
