import Foundation

/// The parameter-free prompt-tuning head: logits = cos(sentence, label) / temperature
/// against fixed label embeddings, softmax cross-entropy averaged over the batch.
/// Both sides arrive L2-normalised, so the cosine is a dot product.
enum CosineHead {
    /// logits[b, c] = <e_b, l_c> / temperature.
    static func logits(_ out: UnsafeMutablePointer<Float>, embeddings: UnsafePointer<Float>,
                       labels: UnsafePointer<Float>, batch: Int, classes: Int, width h: Int, temperature: Float) {
        for b in 0..<batch {
            for c in 0..<classes {
                var dot: Float = 0
                for k in 0..<h { dot += embeddings[b * h + k] * labels[c * h + k] }
                out[b * classes + c] = dot / temperature
            }
        }
    }

    /// Mean cross-entropy of `logits` against `targets`; writes dL/d(embeddings).
    static func lossAndGradient(dEmbeddings: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
                                targets: [Int], labels: UnsafePointer<Float>,
                                batch: Int, classes: Int, width h: Int, temperature: Float) -> Float {
        var total: Double = 0
        dEmbeddings.update(repeating: 0, count: batch * h)
        for b in 0..<batch {
            let row = logits + b * classes
            var top = -Float.infinity
            for c in 0..<classes { top = max(top, row[c]) }
            var sum: Double = 0
            for c in 0..<classes { sum += Foundation.exp(Double(row[c] - top)) }
            total += Double(top) + log(sum) - Double(row[targets[b]])
            for c in 0..<classes {
                let probability = Foundation.exp(Double(row[c] - top)) / sum
                let dLogit = Float((probability - (c == targets[b] ? 1 : 0)) / Double(batch)) / temperature
                for k in 0..<h { dEmbeddings[b * h + k] += dLogit * labels[c * h + k] }
            }
        }
        return Float(total / Double(batch))
    }
}
