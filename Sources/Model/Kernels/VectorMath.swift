/// Vectorised float32 elementary functions for the encoder's element-wise passes
/// (softmax, GELU). The C library works one scalar per call, which would cost more
/// than the matrix products around them; these work on 8 lanes and are accurate to
/// a few ulp (exp) or 1.2e-7 relative (erfc), far below the model's tolerance.
typealias Vector8 = SIMD8<Float>

enum VectorMath {
    /// e^x (Cephes expf: x = n ln2 + r, |r| <= ln2/2, degree-6 polynomial, times 2^n).
    /// Inputs below -87.3 give ~1e-38 instead of a denormal or 0.
    @inline(__always)
    static func exp(_ x: Vector8) -> Vector8 {
        let x = x.clamped(lowerBound: Vector8(repeating: -87.33), upperBound: Vector8(repeating: 88.37))
        let n = (x * 1.44269504088896341).rounded(.toNearestOrEven)
        var r = x - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p = Vector8(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * (r * r) + r + 1
        let exponent = (SIMD8<Int32>(n, rounding: .towardZero) &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: Vector8.self)
    }

    /// erfc(z) for z >= 0 (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
    @inline(__always)
    static func erfcNonNegative(_ z: Vector8) -> Vector8 {
        let t = 1 / (1 + Float(0.5) * z)
        var p = Vector8(repeating: 0.17087277)
        p = p * t - 0.82215223
        p = p * t + 1.48851587
        p = p * t - 1.13520398
        p = p * t + 0.27886807
        p = p * t - 0.18628806
        p = p * t + 0.09678418
        p = p * t + 0.37409196
        p = p * t + 1.00002368
        p = p * t - 1.26551223
        return t * exp(p - z * z)
    }

    /// Standard normal CDF Phi(x) = (1 + erf(x / sqrt 2)) / 2, accurate in both tails.
    @inline(__always)
    static func normalCDF(_ x: Vector8) -> Vector8 {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Vector8.self)
        let half = 0.5 * erfcNonNegative(magnitude * 0.70710678118654752)
        return (1 - half).replacing(with: half, where: x .< 0)
    }

    /// Standard normal density phi(x) = exp(-x^2/2) / sqrt(2 pi).
    @inline(__always)
    static func normalPDF(_ x: Vector8) -> Vector8 {
        0.39894228040143268 * exp(-0.5 * x * x)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector8 {
        UnsafeRawPointer(p).loadUnaligned(as: Vector8.self)
    }

    @inline(__always)
    static func store(_ v: Vector8, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector8.self)
    }

    /// The first `count` (< 8) lanes from `p`, the rest `fill`.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, count: Int, fill: Float = 0) -> Vector8 {
        var v = Vector8(repeating: fill)
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func store(_ v: Vector8, _ p: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { p[i] = v[i] }
    }
}
