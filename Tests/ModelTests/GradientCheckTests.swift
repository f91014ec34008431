import Foundation
import Tensor
import Testing
@testable import Model

/// dLoss/dPrompt of the Float32 implementation against central finite differences
/// of an independent float64 reference, on a tiny random BERT written as a checkpoint.
@Suite("Prompt gradient against finite differences on a tiny BERT")
struct GradientCheckTests {
    let tiny = TinyBert()
    let promptLength = 3
    let temperature: Float = 0.2
    let labels = [2, 0, 1]
    /// Three texts of different lengths (padding), one a pair (token type 1).
    let texts = [
        EncodedText(inputIds: [2, 5, 7, 8, 3], tokenTypeIds: [0, 0, 0, 0, 0]),
        EncodedText(inputIds: [2, 6, 9, 3, 10, 11, 3], tokenTypeIds: [0, 0, 0, 0, 1, 1, 1]),
        EncodedText(inputIds: [2, 12, 3], tokenTypeIds: [0, 0, 0]),
    ]

    func fixtures() throws -> (model: BertModel, reference: ReferenceBert, prompt: Tensor, labelEmbeddings: Tensor) {
        let folder = try tiny.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try BertModel(directory: folder)
        let reference = ReferenceBert(tensors: tiny.tensors(), heads: tiny.heads, layers: tiny.layers,
                                      epsilon: tiny.epsilon)
        var random = SeededGenerator(seed: 11)
        return (model, reference, random.normalTensor([promptLength, tiny.hidden], standardDeviation: 1),
                random.normalTensor([3, tiny.hidden], standardDeviation: 1))
    }

    func referenceBatch() -> [(ids: [Int], types: [Int], mask: [Double])] {
        let length = texts.map(\.count).max()!
        return texts.map { text in
            let padding = length - text.count
            return (text.inputIds + [Int](repeating: 0, count: padding),
                    text.tokenTypeIds + [Int](repeating: 0, count: padding),
                    [Double](repeating: 1, count: text.count) + [Double](repeating: 0, count: padding))
        }
    }

    static func matrix(_ t: Tensor) -> [[Double]] {
        MiniLM.rows(t).map { $0.map(Double.init) }
    }

    @Test("hidden states and embeddings match the float64 reference (prompt, padding, token types)")
    func forwardMatchesReference() throws {
        let (model, reference, prompt, _) = try fixtures()
        let batch = EncodedBatch(texts)
        let hidden = try model.encoder.lastHiddenState(batch, prompt: prompt)
        let t = promptLength + batch.sequenceLength
        var worst = 0.0
        for (b, input) in referenceBatch().enumerated() {
            let expected = reference.hiddenState(prompt: Self.matrix(prompt), ids: input.ids, types: input.types,
                                                 mask: input.mask)
            for position in 0..<(promptLength + texts[b].count) {
                for c in 0..<tiny.hidden {
                    let value = Double(hidden.scalars[(b * t + position) * tiny.hidden + c])
                    worst = max(worst, abs(value - expected[position][c]))
                }
            }
        }
        #expect(worst <= 2e-5, "max abs error \(worst)")
    }

    @Test("loss and every prompt coordinate's gradient")
    func gradientMatchesFiniteDifferences() throws {
        let (model, reference, prompt, labelEmbeddings) = try fixtures()
        let classifier = SoftPromptClassifier(encoder: model.encoder, temperature: temperature)
        let step = try classifier.lossAndGradient(prompt: prompt, batch: EncodedBatch(texts), labels: labels,
                                                  labelEmbeddings: labelEmbeddings)
        let batch = referenceBatch()
        let labelRows = Self.matrix(labelEmbeddings)
        func loss(_ p: [[Double]]) -> Double {
            reference.loss(prompt: p, batch: batch, labels: labels, labelEmbeddings: labelRows,
                           temperature: Double(temperature))
        }
        let base = Self.matrix(prompt)
        let referenceLoss = loss(base)
        #expect(abs(Double(step.loss) - referenceLoss) <= 1e-5 * max(1, abs(referenceLoss)),
                "loss \(step.loss) vs reference \(referenceLoss)")
        #expect(referenceLoss > 0.05, "the check needs a loss that is not saturated")

        let h = 1e-5
        var worst = 0.0, largest = 0.0
        for r in 0..<promptLength {
            for c in 0..<tiny.hidden {
                var plus = base, minus = base
                plus[r][c] += h
                minus[r][c] -= h
                let numeric = (loss(plus) - loss(minus)) / (2 * h)
                worst = max(worst, abs(Double(step.gradient.scalars[r * tiny.hidden + c]) - numeric))
                largest = max(largest, abs(numeric))
            }
        }
        #expect(largest > 1e-3, "gradient too small to check: \(largest)")
        #expect(worst / largest <= 1e-3, "max abs error \(worst), relative to max |g| \(worst / largest)")
    }

    @Test("the step's gradient lowers the loss")
    func gradientDescends() throws {
        let (model, _, prompt, labelEmbeddings) = try fixtures()
        let classifier = SoftPromptClassifier(encoder: model.encoder, temperature: temperature)
        let batch = EncodedBatch(texts)
        var current = prompt
        var optimizer = AdamOptimizer(learningRate: 0.05)
        let first = try classifier.lossAndGradient(prompt: current, batch: batch, labels: labels,
                                                   labelEmbeddings: labelEmbeddings)
        var last = first
        for _ in 0..<20 {
            optimizer.update(&current, gradient: last.gradient)
            last = try classifier.lossAndGradient(prompt: current, batch: batch, labels: labels,
                                                  labelEmbeddings: labelEmbeddings)
        }
        #expect(last.loss < 0.75 * first.loss, "loss \(first.loss) -> \(last.loss)")
    }
}
