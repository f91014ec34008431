import Foundation
import Tensor

/// A deliberately plain float64 BERT forward (nested arrays, no BLAS, exact erf),
/// written from the Hugging Face definition and independent of the Model module:
/// the yardstick for finite differences on the tiny model.
struct ReferenceBert {
    typealias Matrix = [[Double]]
    let tensors: [String: Tensor]
    let heads: Int
    let layers: Int
    let epsilon: Double

    func vector(_ name: String) -> [Double] {
        tensors[name]!.scalars.map(Double.init)
    }

    func matrix(_ name: String) -> Matrix {
        let t = tensors[name]!
        return (0..<t.shape[0]).map { r in (0..<t.shape[1]).map { Double(t.scalars[r * t.shape[1] + $0]) } }
    }

    /// x W^T + b for x [T, in], W [out, in].
    func linear(_ x: Matrix, _ name: String) -> Matrix {
        let w = matrix(name + ".weight"), b = vector(name + ".bias")
        return x.map { row in w.indices.map { o in zip(row, w[o]).reduce(b[o]) { $0 + $1.0 * $1.1 } } }
    }

    func layerNorm(_ x: Matrix, _ name: String) -> Matrix {
        let gamma = vector(name + ".weight"), beta = vector(name + ".bias")
        return x.map { row in
            let mean = row.reduce(0, +) / Double(row.count)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count)
            let inverse = 1 / (variance + epsilon).squareRoot()
            return row.indices.map { (row[$0] - mean) * inverse * gamma[$0] + beta[$0] }
        }
    }

    func add(_ a: Matrix, _ b: Matrix) -> Matrix {
        zip(a, b).map { zip($0, $1).map { $0 + $1 } }
    }

    /// Last hidden state of one sequence: [prompt ++ word vectors] + positions + types.
    func hiddenState(prompt: Matrix, ids: [Int], types: [Int], mask: [Double]) -> Matrix {
        let words = matrix("embeddings.word_embeddings.weight")
        let positions = matrix("embeddings.position_embeddings.weight")
        let typeRows = matrix("embeddings.token_type_embeddings.weight")
        let inputs = prompt + ids.map { words[$0] }
        let allTypes = [Int](repeating: 0, count: prompt.count) + types
        var x = layerNorm(inputs.indices.map { t in
            inputs[t].indices.map { inputs[t][$0] + positions[t][$0] + typeRows[allTypes[t]][$0] }
        }, "embeddings.LayerNorm")
        let fullMask = [Double](repeating: 1, count: prompt.count) + mask
        let width = x[0].count, size = width / heads
        for l in 0..<layers {
            let p = "encoder.layer.\(l)."
            let q = linear(x, p + "attention.self.query"), k = linear(x, p + "attention.self.key")
            let v = linear(x, p + "attention.self.value")
            var context = Matrix(repeating: [Double](repeating: 0, count: width), count: x.count)
            for head in 0..<heads {
                let columns = (head * size)..<((head + 1) * size)
                for i in x.indices {
                    let scores = x.indices.map { j -> Double in
                        guard fullMask[j] != 0 else { return -.infinity }
                        return columns.reduce(0) { $0 + q[i][$1] * k[j][$1] } / Double(size).squareRoot()
                    }
                    let top = scores.max()!
                    let weights = scores.map { Foundation.exp($0 - top) }
                    let total = weights.reduce(0, +)
                    for j in x.indices where weights[j] != 0 {
                        for c in columns { context[i][c] += weights[j] / total * v[j][c] }
                    }
                }
            }
            x = layerNorm(add(linear(context, p + "attention.output.dense"), x), p + "attention.output.LayerNorm")
            let inner = linear(x, p + "intermediate.dense").map { row in
                row.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
            }
            x = layerNorm(add(linear(inner, p + "output.dense"), x), p + "output.LayerNorm")
        }
        return x
    }

    func embedding(prompt: Matrix, ids: [Int], types: [Int], mask: [Double]) -> [Double] {
        let h = hiddenState(prompt: prompt, ids: ids, types: types, mask: mask)
        let fullMask = [Double](repeating: 1, count: prompt.count) + mask
        var pooled = [Double](repeating: 0, count: h[0].count)
        for t in h.indices where fullMask[t] != 0 {
            for c in pooled.indices { pooled[c] += h[t][c] }
        }
        let count = fullMask.reduce(0, +)
        pooled = pooled.map { $0 / count }
        let norm = pooled.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return pooled.map { $0 / norm }
    }

    /// Mean softmax cross-entropy of cos(embedding, label) / temperature over the batch.
    func loss(prompt: Matrix, batch: [(ids: [Int], types: [Int], mask: [Double])], labels: [Int],
              labelEmbeddings: Matrix, temperature: Double) -> Double {
        let units = labelEmbeddings.map { row -> [Double] in
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return row.map { $0 / norm }
        }
        var total = 0.0
        for (b, input) in batch.enumerated() {
            let e = embedding(prompt: prompt, ids: input.ids, types: input.types, mask: input.mask)
            let logits = units.map { zip($0, e).reduce(0) { $0 + $1.0 * $1.1 } / temperature }
            let top = logits.max()!
            total += top + Foundation.log(logits.reduce(0) { $0 + Foundation.exp($1 - top) }) - logits[labels[b]]
        }
        return total / Double(batch.count)
    }
}
