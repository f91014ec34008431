import Foundation
import Tensor

/// `SplitMix64` as a Swift `RandomNumberGenerator`, with the draws prompt tuning needs, so
/// prompt initialisations and synthetic benchmark inputs are reproducible everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var source: SplitMix64

    public init(seed: UInt64) {
        source = SplitMix64(seed: seed)
    }

    public mutating func next() -> UInt64 { source.next() }

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
