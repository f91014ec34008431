import Foundation
import Tensor

/// SplitMix64: a small, fast generator whose sequence depends only on the seed, so
/// prompt initialisations and synthetic benchmark inputs are reproducible everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1), never exactly 0 (safe under log).
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) / Double(1 << 53)
    }

    /// Standard normal (Box-Muller).
    public mutating func normal() -> Double {
        (-2 * Foundation.log(uniform())).squareRoot() * Foundation.cos(2 * Double.pi * uniform())
    }

    /// A tensor of independent N(0, standardDeviation^2) values.
    public mutating func normalTensor(_ shape: [Int], standardDeviation: Double) -> Tensor {
        Tensor(shape: shape, scalars: (0..<Tensor.count(of: shape)).map { _ in Float(standardDeviation * normal()) })
    }
}
