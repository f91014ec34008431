/// Sentence embedding as sentence-transformers makes it: the mean of the last hidden
/// state over mask-1 positions (prompt rows included), then L2-normalised.
enum MeanPooling {
    static let countFloor: Float = 1e-9
    static let normFloor: Float = 1e-12

    /// embeddings[b] = pooled / max(|pooled|, 1e-12); `norms` keeps the divisor for backward.
    static func forward(embeddings: UnsafeMutablePointer<Float>, norms: UnsafeMutablePointer<Float>,
                        hidden: UnsafePointer<Float>, mask: UnsafePointer<Float>,
                        batch: Int, sequence t: Int, width h: Int) {
        for b in 0..<batch {
            let e = embeddings + b * h
            e.update(repeating: 0, count: h)
            var count: Float = 0
            for position in 0..<t where mask[b * t + position] != 0 {
                let m = mask[b * t + position]
                let row = hidden + (b * t + position) * h
                for c in 0..<h { e[c] += m * row[c] }
                count += m
            }
            let inverseCount = 1 / max(count, countFloor)
            var squares: Float = 0
            for c in 0..<h {
                e[c] *= inverseCount
                squares += e[c] * e[c]
            }
            let norm = max(squares.squareRoot(), normFloor)
            norms[b] = norm
            for c in 0..<h { e[c] /= norm }
        }
    }

    /// dL/d(hidden) for all rows from dL/d(embeddings): through the normalisation
    /// ((I - e e^T) / |p|) and the masked mean.
    static func backward(dHidden: UnsafeMutablePointer<Float>, dEmbeddings: UnsafePointer<Float>,
                         embeddings: UnsafePointer<Float>, norms: UnsafePointer<Float>, mask: UnsafePointer<Float>,
                         batch: Int, sequence t: Int, width h: Int, scratch dPooled: UnsafeMutablePointer<Float>) {
        for b in 0..<batch {
            let e = embeddings + b * h, de = dEmbeddings + b * h
            var dot: Float = 0
            for c in 0..<h { dot += e[c] * de[c] }
            var count: Float = 0
            for position in 0..<t { count += mask[b * t + position] }
            let scale = 1 / (norms[b] * max(count, countFloor))
            for c in 0..<h { dPooled[c] = (de[c] - e[c] * dot) * scale }
            for position in 0..<t {
                let m = mask[b * t + position]
                let row = dHidden + (b * t + position) * h
                for c in 0..<h { row[c] = m * dPooled[c] }
            }
        }
    }
}
