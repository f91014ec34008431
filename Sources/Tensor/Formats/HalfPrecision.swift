/// Exact conversions between the 16-bit float encodings found in model files
/// (IEEE binary16 "F16" and bfloat16 "BF16") and Float.
///
/// Implemented on bit patterns rather than `Float16` because `Float16` is not
/// available on every platform Swift runs on, and the file readers need the
/// same results everywhere.
public enum HalfPrecision {
    /// The Float equal to the binary16 value `bits` (every binary16 value,
    /// subnormals included, is exactly representable as a Float). Infinities
    /// stay infinite and NaNs stay NaN with their payload.
    @inlinable
    public static func float(fromHalfBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent != 0 {
            // Rebias the exponent from 15 to 127.
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
        if mantissa == 0 { return Float(bitPattern: sign) }
        // Subnormal: mantissa * 2^-24, exact because mantissa < 2^10.
        let magnitude = Float(mantissa) * 0x1p-24
        return sign == 0 ? magnitude : -magnitude
    }

    /// The binary16 value nearest to `value`, ties to even (IEEE default
    /// rounding). Values too large become infinity; NaN stays a quiet NaN.
    @inlinable
    public static func halfBits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let magnitude = bits & 0x7FFF_FFFF
        if magnitude >= 0x7F80_0000 {
            guard magnitude > 0x7F80_0000 else { return sign | 0x7C00 }
            return sign | 0x7E00 | UInt16(truncatingIfNeeded: (magnitude >> 13) & 0x3FF)
        }
        let halfExponent = Int(magnitude >> 23) - 127 + 15
        if halfExponent >= 31 { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // Below 2^-25 everything rounds to zero.
            if halfExponent < -10 { return sign }
            let significand = (magnitude & 0x7F_FFFF) | 0x80_0000
            return sign | roundedShift(significand, by: UInt32(14 - halfExponent))
        }
        // A carry out of the mantissa correctly bumps the exponent (up to infinity).
        let unrounded = (UInt32(halfExponent) << 23) | (magnitude & 0x7F_FFFF)
        return sign | roundedShift(unrounded, by: 13)
    }

    /// `value >> shift`, rounded to nearest with ties to even.
    @inlinable
    static func roundedShift(_ value: UInt32, by shift: UInt32) -> UInt16 {
        var result = value >> shift
        let remainder = value & ((1 << shift) - 1)
        let halfway: UInt32 = 1 << (shift - 1)
        if remainder > halfway || (remainder == halfway && result & 1 == 1) { result += 1 }
        return UInt16(truncatingIfNeeded: result)
    }

    /// The Float equal to the bfloat16 value `bits` (bfloat16 is the top half
    /// of a float32, so this is exact for every value including NaN).
    @inlinable
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
