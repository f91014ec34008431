import Foundation
import Tensor
import Testing
@testable import Model

@Suite("MiniLM encoder against the PyTorch golden files")
struct GoldenEncoderTests {
    @Test("last hidden states of four sentences, each alone", arguments: 0..<4)
    func hiddenStates(index: Int) throws {
        let model = try MiniLM.model.get()
        let ids = try #require(try MiniLM.index().files["hidden_\(index).npy"]?.input_ids)
        let expected = try MiniLM.golden("hidden_\(index).npy")
        let batch = EncodedBatch([EncodedText(inputIds: ids, tokenTypeIds: [Int](repeating: 0, count: ids.count))])
        let hidden = try model.encoder.lastHiddenState(batch)
        #expect(hidden.shape == [1] + expected.shape)
        let error = MiniLM.maxAbsDifference(hidden, expected)
        #expect(error <= 1e-4, "max abs error \(error)")
    }

    @Test("sentence embeddings from text, one padded batch")
    func embeddings() throws {
        let model = try MiniLM.model.get()
        let expected = MiniLM.rows(try MiniLM.golden("embeddings.npy"))
        let texts = try TestPaths.json(TokenizationFile.self, at: TestPaths.golden.appendingPathComponent("tokenization.json"))
            .sentences.map(\.text)
        let chosen = [1, 2, 4, 8].map { texts[$0] }
        #expect(try model.batch(chosen).inputIds.count == 4 * 20)  // padded to the longest
        let embeddings = MiniLM.rows(try model.embed(chosen))
        for (row, golden) in zip(embeddings, expected) {
            #expect(MiniLM.cosine(row, golden) >= 0.99999)
            let error = zip(row, golden).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
            #expect(error <= 1e-5, "max abs error \(error)")
        }
    }

    @Test("padding neither changes nor is changed by the other texts in the batch")
    func paddingInvariance() throws {
        let model = try MiniLM.model.get()
        let texts = ["A short one.", "A considerably longer sentence that forces the first one to be padded a lot."]
        let together = MiniLM.rows(try model.embed(texts))
        for (i, text) in texts.enumerated() {
            let alone = MiniLM.rows(try model.embed([text]))[0]
            let error = zip(alone, together[i]).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
            #expect(error <= 1e-6, "text \(i): \(error)")
        }
    }

    private struct TokenizationFile: Decodable {
        struct Sentence: Decodable { let text: String }
        let sentences: [Sentence]
    }
}
