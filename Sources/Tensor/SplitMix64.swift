/// SplitMix64 (Steele, Lea and Flood 2014), the one generator of every seeded draw (prompt inits,
/// few-shot samples, shuffles, DARE's drops, bootstrap resamples): its sequence depends only on the
/// seed and is three lines of 64-bit arithmetic, so any other implementation (the NumPy checks in
/// the tests) reproduces every draw.
///
/// Output k (k = 1, 2, ...) is mix(seed + k * 0x9E3779B97F4A7C15 mod 2^64), with
/// mix(z) = z ^ (z >> 31) after z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 and
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator of stream `stream` of `seed`: seeded with the first output of SplitMix64 at
    /// seed ^ ((stream + 1) * 0xD1B54A32D192ED03), as the trainer derives its streams. Seeding
    /// streams with seed + stream would only shift one sequence (the state advances by a constant).
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ ((stream &+ 1) &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) on the grid of 2^-53: the top 53 bits of the next output.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
