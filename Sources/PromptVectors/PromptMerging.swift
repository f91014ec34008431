import Tensor

/// Merging task prompt vectors: theta = init + lambda * merge(v_1, ..., v_n), v_i = w_i * tau_i.
///
/// The weights apply first, to each vector as a whole: every method sees v_i = w_i tau_i, so a
/// negated task (`-qnli`, w = -1) enters TIES's sign election with its signs flipped, and
/// trimming by magnitude picks the same entries whatever |w_i| is. v_i is computed in Double,
/// where the product of two floats is exact; the merge stays in Double and each entry of the
/// result is rounded to Float once, as Float(init_e + lambda * merged_e).
///
/// With N entries per vector (P x d, row-major) and n vectors:
/// - `sum`:  merged = sum_i v_i. Computed by `PromptArithmetic.compose` (float saxpy), exactly as
///   before merge methods existed.
/// - `mean`: merged = (sum_i v_i) / n.
/// - `ties(d)` (TIES-merging, Yadav et al. 2023): t_i = trim(v_i, d); the elected sign of entry e
///   is g_e = +1 if sum_i t_ie >= 0, else -1 (a zero sum elects +1); merged_e is the mean of the
///   t_ie whose sign is g_e (the disjoint mean; zeros never count), 0 when there is none.
/// - `dare(d, s)` (DARE, Yu et al. 2023): r_i = m_i * v_i / d with m_ie = 1 if u_ie < d else 0,
///   u_ie the e-th `unit()` of `SplitMix64(seed: s, stream: i)` (i = 0, 1, ... in term order, one
///   draw per entry in row-major order, dropped or not); merged = sum_i r_i.
/// - `dare_ties(d, s)`: r_i as for dare, then TIES's sign election and disjoint mean over the r_i
///   (no trimming: the drops take its place).
///
/// trim(v, d) keeps the k = max(1, floor(d N + 1/2)) entries of largest |v| and zeroes the rest.
/// Of entries tied at the k-th largest magnitude, those with the lower row-major index are kept,
/// so exactly k entries survive (a stable sort by decreasing magnitude, cut after k).
public enum PromptMerging {
    /// `initial + lambda * merge(w_i tau_i)`; with no init, `lambda * merge(w_i tau_i)` alone.
    public static func merge(initial: Tensor?, lambda: Float, vectors: [(name: String, weight: Float, tau: Tensor)],
                             method: MergeMethod) throws -> Tensor {
        if method == .sum { return try PromptArithmetic.compose(initial: initial, lambda: lambda, vectors: vectors) }
        precondition(!vectors.isEmpty, "merge needs at least one vector")
        var named = vectors.map { ($0.name, $0.tau) }
        if let initial { named.append(("init", initial)) }
        try PromptArithmetic.requireSameShape(named)
        var weighted = vectors.map { weightedValues($0.tau, weight: $0.weight) }
        let merged: [Double]
        switch method {
        case .sum, .mean:
            merged = sum(weighted, dividedBy: Double(weighted.count))
        case .ties(let density):
            for i in weighted.indices { trim(&weighted[i], density: density) }
            merged = disjointMean(weighted)
        case .dare(let density, let seed), .dareTies(let density, let seed):
            for i in weighted.indices {
                var generator = SplitMix64(seed: seed, stream: UInt64(i))
                dropAndRescale(&weighted[i], density: density, generator: &generator)
            }
            if case .dare = method { merged = sum(weighted, dividedBy: 1) } else { merged = disjointMean(weighted) }
        }
        return applied(merged, lambda: lambda, to: initial ?? Tensor(zeros: vectors[0].tau.shape))
    }

    /// How many of `count` entries trimming to `density` keeps: max(1, floor(density * count + 1/2)).
    public static func keptCount(density: Double, of count: Int) -> Int {
        min(count, max(1, Int((density * Double(count) + 0.5).rounded(.down))))
    }

    /// Zeroes all but the `keptCount` entries of largest magnitude (ties: lower index kept).
    public static func trim(_ values: inout [Double], density: Double) {
        let k = keptCount(density: density, of: values.count)
        guard k < values.count else { return }
        var magnitudes = values.map { $0.magnitude }
        let threshold = magnitudes.withUnsafeMutableBufferPointer { smallestAt(values.count - k, in: $0) }
        values.withUnsafeMutableBufferPointer { v in
            var above = 0
            for e in 0..<v.count where v[e].magnitude > threshold { above += 1 }
            var tiedToKeep = k - above
            for e in 0..<v.count {
                let m = v[e].magnitude
                if m > threshold { continue }
                if m == threshold && tiedToKeep > 0 {
                    tiedToKeep -= 1
                    continue
                }
                v[e] = 0
            }
        }
    }

    /// The value that would sit at `rank` if `values` were sorted ascending (quickselect, median of
    /// three pivots; reorders `values`). Linear on average, where sorting 76,800 entries of a
    /// 100 x 768 prompt took most of a TIES merge.
    static func smallestAt(_ rank: Int, in values: UnsafeMutableBufferPointer<Double>) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now values[low...j] <= pivot <= values[i...high], and values[j+1..<i] == pivot.
            if rank <= j { high = j } else if rank >= i { low = i } else { return pivot }
        }
        return values[rank]
    }

    /// DARE: each entry kept when the generator's next `unit()` is below `density` and then divided
    /// by `density`, else zeroed. One draw per entry, in order.
    public static func dropAndRescale(_ values: inout [Double], density: Double, generator: inout SplitMix64) {
        values.withUnsafeMutableBufferPointer { v in
            for e in 0..<v.count {
                v[e] = generator.unit() < density ? v[e] / density : 0
            }
        }
    }

    /// TIES's sign election and disjoint mean, entry by entry (see the type's documentation).
    public static func disjointMean(_ vectors: [[Double]]) -> [Double] {
        let count = vectors[0].count
        var out = [Double](repeating: 0, count: count)
        for e in 0..<count {
            var total = 0.0
            for v in vectors { total += v[e] }
            let elected: Double = total >= 0 ? 1 : -1
            var agreeing = 0.0, agreeingCount = 0
            for v in vectors where v[e] * elected > 0 {
                agreeing += v[e]
                agreeingCount += 1
            }
            out[e] = agreeingCount > 0 ? agreeing / Double(agreeingCount) : 0
        }
        return out
    }

    /// w * tau in Double (exact).
    static func weightedValues(_ tau: Tensor, weight: Float) -> [Double] {
        let w = Double(weight)
        return tau.scalars.map { w * Double($0) }
    }

    /// (sum_i v_i) / divisor, summing in term order.
    static func sum(_ vectors: [[Double]], dividedBy divisor: Double) -> [Double] {
        var out = vectors[0]
        out.withUnsafeMutableBufferPointer { o in
            for v in vectors.dropFirst() {
                v.withUnsafeBufferPointer { x in for e in 0..<o.count { o[e] += x[e] } }
            }
            if divisor != 1 { for e in 0..<o.count { o[e] /= divisor } }
        }
        return out
    }

    /// Float(base_e + lambda * merged_e) for every entry.
    static func applied(_ merged: [Double], lambda: Float, to base: Tensor) -> Tensor {
        var out = base
        let l = Double(lambda)
        out.scalars.withUnsafeMutableBufferPointer { o in
            merged.withUnsafeBufferPointer { m in
                for e in 0..<o.count { o[e] = Float(Double(o[e]) + l * m[e]) }
            }
        }
        return out
    }
}
