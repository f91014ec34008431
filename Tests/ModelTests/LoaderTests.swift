import Foundation
import Tensor
import Testing
@testable import Model

@Suite("Loading BERT checkpoints from config.json, model.safetensors and vocab.txt")
struct LoaderTests {
    let tiny = TinyBert()

    @Test("the installed MiniLM's architecture comes from its config.json")
    func miniLMConfig() throws {
        let config = try MiniLM.model.get().config
        #expect(config == (try BertConfig(hiddenSize: 384, layerCount: 6, headCount: 12, intermediateSize: 1536,
                                          vocabularySize: 30522, maxPositions: 512, typeVocabularySize: 2,
                                          layerNormEpsilon: 1e-12)))
        #expect(try MiniLM.model.get().tokenizer.vocabularySize == 30522)
    }

    @Test("any BERT size; weight names with or without the bert. prefix give the same model")
    func prefixes() throws {
        let plain = try tiny.write()
        let prefixed = try tiny.write(prefix: "bert.", extraTensors: [
            "cls.predictions.bias": Tensor(zeros: [tiny.vocabulary]),
            "bert.pooler.dense.weight": Tensor(zeros: [tiny.hidden, tiny.hidden]),
        ])
        defer {
            try? FileManager.default.removeItem(atPath: plain)
            try? FileManager.default.removeItem(atPath: prefixed)
        }
        let a = try BertModel(directory: plain), b = try BertModel(directory: prefixed)
        #expect(a.config.hiddenSize == 16 && a.config.layerCount == 2 && a.config.headCount == 2)
        #expect(a.config.intermediateSize == 32 && a.config.vocabularySize == 50 && a.config.maxPositions == 32)
        let texts = ["the movie was good", "not great !"]
        let embeddings = try a.embed(texts)
        #expect(embeddings.shape == [2, 16])
        #expect(try b.embed(texts) == embeddings)
        #expect(try a.batch(texts).inputIds.prefix(6) == [2, 5, 7, 10, 8, 3])
    }

    @Test("a missing folder or file says to run the install script")
    func missingFiles() throws {
        let missing = "/nonexistent/model-\(UUID().uuidString)"
        let error = try #require(throws: ModelError.self) { try BertModel(directory: missing) }
        #expect(error.message.contains("scripts/install-model.sh"))
        let folder = try tiny.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.removeItem(atPath: folder + "/vocab.txt")
        let noVocabulary = try #require(throws: ModelError.self) { try BertModel(directory: folder) }
        #expect(noVocabulary.message.contains("vocab.txt") && noVocabulary.message.contains("scripts/install-model.sh"))
    }

    @Test("an unsupported or inconsistent config is refused with the reason")
    func badConfigs() throws {
        func error(_ edit: (inout [String: Any]) -> Void) throws -> String {
            var config = tiny.configJSON
            edit(&config)
            let folder = try tiny.write(config: config)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            return try #require(throws: ModelError.self) { try BertModel(directory: folder) }.message
        }
        #expect(try error { $0["hidden_act"] = "relu" }.contains("gelu"))
        #expect(try error { $0["num_attention_heads"] = 3 }.contains("multiple of num_attention_heads"))
        #expect(try error { $0["intermediate_size"] = 48 }.contains("intermediate.dense.weight"))
        #expect(try error { $0.removeValue(forKey: "hidden_size") }.contains("hidden_size"))
        #expect(try error { $0["position_embedding_type"] = "relative_key" }.contains("absolute"))
    }

    @Test("a checkpoint without an expected tensor names it")
    func missingTensor() throws {
        var tensors = tiny.tensors()
        tensors.removeValue(forKey: "encoder.layer.1.output.dense.bias")
        let error = try #require(throws: ModelError.self) {
            try BertWeights(config: try BertConfig(json: try JSONSerialization.data(withJSONObject: tiny.configJSON)),
                            tensors: tensors)
        }
        #expect(error.message.contains("encoder.layer.1.output.dense.bias"))
    }

    @Test("inputs the model cannot take are errors, not crashes")
    func badInputs() throws {
        let folder = try tiny.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try BertModel(directory: folder)
        let tooLong = EncodedBatch([EncodedText(inputIds: [Int](repeating: 5, count: 30),
                                                tokenTypeIds: [Int](repeating: 0, count: 30))])
        let prompt = Tensor(zeros: [3, 16])
        #expect(throws: ModelError.self) { try model.encoder.embed(tooLong, prompt: prompt) }
        let badId = EncodedBatch([EncodedText(inputIds: [2, 99, 3], tokenTypeIds: [0, 0, 0])])
        #expect(throws: ModelError.self) { try model.encoder.embed(badId) }
        let allPadding = EncodedBatch(batchSize: 1, sequenceLength: 3, inputIds: [2, 5, 3], tokenTypeIds: [0, 0, 0],
                                      attentionMask: [0, 0, 0])
        #expect(throws: ModelError.self) { try model.encoder.embed(allPadding) }
        let badType = EncodedBatch([EncodedText(inputIds: [2, 5, 3], tokenTypeIds: [0, 2, 0])])
        #expect(throws: ModelError.self) { try model.encoder.embed(badType) }
        let wrongWidth = Tensor(zeros: [3, 8])
        #expect(throws: ModelError.self) { try model.encoder.embed(EncodedBatch([]), prompt: wrongWidth) }
    }
}
