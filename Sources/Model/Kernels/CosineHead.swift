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

    /// Mean cross-entropy of `logits` against class indices `targets`; writes dL/d(embeddings).
    static func lossAndGradient(dEmbeddings: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
                                targets: [Int], labels: UnsafePointer<Float>,
                                batch: Int, classes: Int, width h: Int, temperature: Float) -> Float {
        var oneHot = [Float](repeating: 0, count: batch * classes)
        for b in 0..<batch { oneHot[b * classes + targets[b]] = 1 }
        return lossAndGradient(dEmbeddings: dEmbeddings, logits: logits, distributions: oneHot, labels: labels,
                               batch: batch, classes: classes, width: h, temperature: temperature)
    }

    /// Mean cross-entropy -sum_c q[b, c] log softmax(z[b])_c against target distributions
    /// `distributions` [B, classes] (rows sum to 1; one-hot rows are class indices);
    /// writes dL/d(embeddings). dL/dz = (softmax(z) - q) / B.
    static func lossAndGradient(dEmbeddings: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
                                distributions: [Float], labels: UnsafePointer<Float>,
                                batch: Int, classes: Int, width h: Int, temperature: Float) -> Float {
        var total: Double = 0
        dEmbeddings.update(repeating: 0, count: batch * h)
        for b in 0..<batch {
            let row = logits + b * classes
            var top = -Float.infinity
            for c in 0..<classes { top = max(top, row[c]) }
            var sum: Double = 0
            for c in 0..<classes { sum += Foundation.exp(Double(row[c] - top)) }
            let logSum = Double(top) + log(sum)
            for c in 0..<classes {
                let target = Double(distributions[b * classes + c])
                if target != 0 { total += target * (logSum - Double(row[c])) }
                let probability = Foundation.exp(Double(row[c] - top)) / sum
                let dLogit = Float((probability - target) / Double(batch)) / temperature
                for k in 0..<h { dEmbeddings[b * h + k] += dLogit * labels[c * h + k] }
            }
        }
        return Float(total / Double(batch))
    }
}
