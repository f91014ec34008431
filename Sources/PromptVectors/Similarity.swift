import Tensor

/// Cosine similarity of average-pooled prompts (mean over the P token rows), as the paper
/// compares task prompts and task prompt vectors.
public enum Similarity {
    /// The mean of the rows of a P x d tensor: a d-vector (computed in Double for stability).
    public static func meanPooled(_ tensor: Tensor) -> [Double] {
        let (rows, cols) = tensor.matrixShape
        var sums = [Double](repeating: 0, count: cols)
        tensor.scalars.withUnsafeBufferPointer { s in
            for r in 0..<rows {
                for c in 0..<cols { sums[c] += Double(s[r * cols + c]) }
            }
        }
        let n = Double(max(rows, 1))
        return sums.map { $0 / n }
    }

    /// Cosine of two vectors; 0 when either is all zeros.
    public static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "cosine of vectors of different length")
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in 0..<a.count {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        guard na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    public struct Pair: Equatable, Sendable {
        public let taskA: String, seedA: Int, taskB: String, seedB: Int
        public let cosine: Double
    }

    public struct Result: Sendable {
        public let tasks: [String]
        /// matrix[i][j]: the mean cosine over every pair (seed of task i, seed of task j).
        public let matrix: [[Double]]
        public let pairs: [Pair]
    }

    /// The task x task matrix from each task's tensors by seed.
    public static func matrix(tasks: [String], tensors: [String: [Int: Tensor]]) -> Result {
        var pooled: [String: [(seed: Int, vector: [Double])]] = [:]
        for task in tasks {
            pooled[task] = (tensors[task] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, meanPooled($0.value)) }
        }
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: tasks.count), count: tasks.count)
        var pairs: [Pair] = []
        for (i, a) in tasks.enumerated() {
            for (j, b) in tasks.enumerated() {
                var sum = 0.0, count = 0
                for x in pooled[a]! {
                    for y in pooled[b]! {
                        let c = cosine(x.vector, y.vector)
                        sum += c
                        count += 1
                        if j >= i { pairs.append(Pair(taskA: a, seedA: x.seed, taskB: b, seedB: y.seed, cosine: c)) }
                    }
                }
                matrix[i][j] = count > 0 ? sum / Double(count) : .nan
            }
        }
        return Result(tasks: tasks, matrix: matrix, pairs: pairs)
    }
}
