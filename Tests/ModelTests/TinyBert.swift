import Foundation
import Tensor
@testable import Model

/// A small random BERT written to a temporary folder exactly as a Hugging Face
/// checkpoint (config.json, vocab.txt, model.safetensors), for loader and gradient tests.
struct TinyBert {
    var layers = 2
    var hidden = 16
    var heads = 2
    var intermediate = 32
    var vocabulary = 50
    var maxPositions = 32
    var typeVocabulary = 2
    var epsilon = 1e-12
    var seed: UInt64 = 7

    /// Special tokens first (ids 0..4 as in BERT order [PAD], [UNK], [CLS], [SEP], [MASK]), then words.
    var vocabularyLines: [String] {
        let special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        let words = ["the", "a", "movie", "good", "bad", "was", "not", "great", ".", ",", "!", "##s", "##ing"]
        var lines = special + words
        while lines.count < vocabulary { lines.append("w\(lines.count)") }
        return lines
    }

    var configJSON: [String: Any] {
        ["architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "hidden_size": hidden,
         "num_hidden_layers": layers, "num_attention_heads": heads, "intermediate_size": intermediate,
         "vocab_size": vocabulary, "max_position_embeddings": maxPositions, "type_vocab_size": typeVocabulary,
         "layer_norm_eps": epsilon, "position_embedding_type": "absolute"]
    }

    /// Hugging Face BertModel tensor names and shapes, random values (a fixed seed).
    func tensors(prefix: String = "") -> [String: Tensor] {
        var random = SeededGenerator(seed: seed)
        var out: [String: Tensor] = [:]
        func add(_ name: String, _ shape: [Int], scale: Double, offset: Double = 0) {
            let count = shape.reduce(1, *)
            out[prefix + name] = Tensor(shape: shape, scalars: (0..<count).map { _ in
                Float(offset + scale * random.normal())
            })
        }
        let h = hidden, matrix = 1 / Double(h).squareRoot()
        add("embeddings.word_embeddings.weight", [vocabulary, h], scale: 1)
        add("embeddings.position_embeddings.weight", [maxPositions, h], scale: 0.5)
        add("embeddings.token_type_embeddings.weight", [typeVocabulary, h], scale: 0.5)
        add("embeddings.LayerNorm.weight", [h], scale: 0.1, offset: 1)
        add("embeddings.LayerNorm.bias", [h], scale: 0.1)
        for l in 0..<layers {
            let p = "encoder.layer.\(l)."
            for part in ["query", "key", "value"] {
                add(p + "attention.self.\(part).weight", [h, h], scale: 2 * matrix)
                add(p + "attention.self.\(part).bias", [h], scale: 0.1)
            }
            add(p + "attention.output.dense.weight", [h, h], scale: matrix)
            add(p + "attention.output.dense.bias", [h], scale: 0.1)
            add(p + "attention.output.LayerNorm.weight", [h], scale: 0.1, offset: 1)
            add(p + "attention.output.LayerNorm.bias", [h], scale: 0.1)
            add(p + "intermediate.dense.weight", [intermediate, h], scale: matrix)
            add(p + "intermediate.dense.bias", [intermediate], scale: 0.1)
            add(p + "output.dense.weight", [h, intermediate], scale: 1 / Double(intermediate).squareRoot())
            add(p + "output.dense.bias", [h], scale: 0.1)
            add(p + "output.LayerNorm.weight", [h], scale: 0.1, offset: 1)
            add(p + "output.LayerNorm.bias", [h], scale: 0.1)
        }
        return out
    }

    /// Writes the checkpoint to a new temporary folder and returns its path.
    func write(prefix: String = "", extraTensors: [String: Tensor] = [:],
               config: [String: Any]? = nil) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tiny-bert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configData = try JSONSerialization.data(withJSONObject: config ?? configJSON, options: [.sortedKeys])
        try configData.write(to: folder.appendingPathComponent("config.json"))
        try Data((vocabularyLines.joined(separator: "\n") + "\n").utf8)
            .write(to: folder.appendingPathComponent("vocab.txt"))
        let weights = tensors(prefix: prefix).merging(extraTensors) { _, new in new }
        try Data(Safetensors.encode(weights)).write(to: folder.appendingPathComponent("model.safetensors"))
        return folder.path
    }
}
