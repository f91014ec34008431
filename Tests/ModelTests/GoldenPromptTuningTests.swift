import Foundation
import Tensor
import Testing
@testable import Model

@Suite("Prompt tuning step against the PyTorch/PEFT golden files")
struct GoldenPromptTuningTests {
    struct Setup {
        let model: BertModel
        let prompt: Tensor
        let batch: EncodedBatch
        let labels: [Int]
        let labelEmbeddings: Tensor
        let temperature: Float

        func step(_ classifier: SoftPromptClassifier, batch: EncodedBatch? = nil, labels: [Int]? = nil) throws
            -> SoftPromptClassifier.StepResult {
            try classifier.lossAndGradient(prompt: prompt, batch: batch ?? self.batch, labels: labels ?? self.labels,
                                           labelEmbeddings: labelEmbeddings)
        }
    }

    static func setup() throws -> Setup {
        let model = try MiniLM.model.get()
        let pt = try MiniLM.index().pt
        let batch = EncodedBatch(batchSize: pt.input_ids.count, sequenceLength: pt.input_ids[0].count,
                                 inputIds: pt.input_ids.flatMap { $0 }.map(Int32.init),
                                 tokenTypeIds: [Int32](repeating: 0, count: pt.input_ids.count * pt.input_ids[0].count),
                                 attentionMask: pt.attention_mask.flatMap { $0 }.map(Float.init))
        return Setup(model: model, prompt: try MiniLM.golden("pt_prompt.npy"), batch: batch, labels: pt.labels,
                     labelEmbeddings: try model.embed(pt.label_texts), temperature: pt.temperature)
    }

    @Test("label embeddings and the tokenised batch are the golden ones")
    func inputs() throws {
        let s = try Self.setup()
        let error = MiniLM.maxAbsDifference(s.labelEmbeddings, try MiniLM.golden("pt_label_emb.npy"))
        #expect(error <= 1e-5, "label embeddings max abs error \(error)")
        let pt = try MiniLM.index().pt
        let texts = ["I absolutely LOVED this movie; the acting was superb!!!", "This film was a complete waste of time."]
        #expect(try s.model.batch(texts) == s.batch)
        #expect(pt.label_texts == ["negative", "positive"])
    }

    @Test("prompted embeddings, logits, loss and dLoss/dPrompt")
    func stepMatchesGolden() throws {
        let s = try Self.setup()
        let classifier = SoftPromptClassifier(encoder: s.model.encoder, temperature: s.temperature)
        let step = try s.step(classifier)
        let embeddings = try classifier.embed(prompt: s.prompt, batch: s.batch)
        let embeddingError = MiniLM.maxAbsDifference(embeddings, try MiniLM.golden("pt_emb.npy"))
        #expect(embeddingError <= 1e-5, "prompted embeddings max abs error \(embeddingError)")

        let logitError = MiniLM.maxAbsDifference(step.logits, try MiniLM.golden("pt_logits.npy"))
        #expect(logitError <= 2e-4, "logits max abs error \(logitError)")  // 1/0.05 times the embedding error
        let predicted = try classifier.predict(prompt: s.prompt, batch: s.batch, labelEmbeddings: s.labelEmbeddings)
        #expect(MiniLM.maxAbsDifference(predicted, step.logits) <= 1e-5)

        let goldenLoss = try MiniLM.golden("pt_loss.npy").scalars[0]
        #expect(abs(step.loss - goldenLoss) <= 1e-5, "loss \(step.loss) vs \(goldenLoss)")

        let goldenGradient = try MiniLM.golden("pt_grad_prompt.npy")
        #expect(step.gradient.shape == goldenGradient.shape)
        let gradientError = MiniLM.maxAbsDifference(step.gradient, goldenGradient)
        let relative = gradientError / MiniLM.maxAbs(goldenGradient)
        #expect(gradientError <= 1e-5, "gradient max abs error \(gradientError)")
        #expect(relative <= 1e-3, "gradient error relative to max |g|: \(relative)")
    }

    @Test("a second step with the same workspace gives the same result (no state leaks between calls)")
    func repeatable() throws {
        let s = try Self.setup()
        let classifier = SoftPromptClassifier(encoder: s.model.encoder, temperature: s.temperature)
        let first = try s.step(classifier)
        // A larger batch in between re-lays out the workspace.
        _ = try s.step(classifier, batch: try s.model.batch(["one", "two words", "three words here"]), labels: [0, 1, 0])
        let again = try s.step(classifier)
        #expect(again.loss == first.loss)
        #expect(again.gradient == first.gradient)
    }
}
