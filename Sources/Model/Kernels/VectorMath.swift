/// Vectorised float32 elementary functions for the encoder's element-wise passes
/// (softmax, GELU). The C library works one scalar per call, which would cost more
/// than the matrix products around them; these work on 16 lanes (on SSE that is four
/// independent registers per operation, which keeps the pipelines busier than 8 lanes)
/// and are accurate to a few ulp (exp) or 1.5e-7 absolute (normal CDF), far below the
/// model's tolerance. Every width they run over is a multiple of `lanes`.
typealias FloatVector = SIMD16<Float>

enum VectorMath {
    static let lanes = FloatVector.scalarCount

    /// e^x for x <= 88 (Cephes expf: x = n ln2 + r, |r| <= ln2/2, degree-6 polynomial,
    /// times 2^n). Every caller passes x <= 0 (shifted softmax scores, -z^2), so only the
    /// low end is clamped: inputs below -87.3 give ~1e-38 instead of a denormal or 0.
    @inline(__always)
    static func exp(_ x: FloatVector) -> FloatVector {
        let low = FloatVector(repeating: -87.33)
        let x = x.replacing(with: low, where: x .< low)
        // Adding 1.5 * 2^23 rounds x / ln2 to an integer held in the low mantissa bits:
        // lane-wise integer tricks, because generic SIMD rounding and conversion are
        // not vectorised on the baseline x86-64 target.
        let shifted = x * 1.44269504088896341 + roundingShift
        let n = shifted - roundingShift
        var r = x - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p = FloatVector(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * (r * r) + r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- roundingShiftBits &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: FloatVector.self)
    }

    private static let roundingShift = FloatVector(repeating: 12_582_912)  // 1.5 * 2^23
    private static let roundingShiftBits = SIMD16<Int32>(repeating: 0x4B40_0000)

    /// The standard normal CDF Phi(x) = (1 + erf(x / sqrt 2)) / 2 and density
    /// phi(x) = exp(-x^2 / 2) / sqrt(2 pi), sharing one exp: erfc(z) = t P(t) exp(-z^2) with
    /// t = 1 / (1 + p z), z = |x| / sqrt 2 (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7,
    /// the form PyTorch's vectorised erf uses). Phi comes from the small side, so its
    /// absolute error stays below 1e-7 in both tails.
    @inline(__always)
    static func normalCDFAndPDF(_ x: FloatVector) -> (cdf: FloatVector, pdf: FloatVector) {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: FloatVector.self)
        let z = magnitude * 0.70710678118654752
        let t = 1 / (1 + Float(0.3275911) * z)
        var p = FloatVector(repeating: 1.061405429)
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let gaussian = exp(-(z * z))
        let half = 0.5 * t * p * gaussian  // Phi(-|x|)
        return ((1 - half).replacing(with: half, where: x .< 0), 0.39894228040143268 * gaussian)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> FloatVector {
        UnsafeRawPointer(p).loadUnaligned(as: FloatVector.self)
    }

    @inline(__always)
    static func store(_ v: FloatVector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: FloatVector.self)
    }
}
