import Foundation

/// The architecture of a BERT-family encoder, read from a Hugging Face config.json.
public struct BertConfig: Equatable, Sendable {
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Float

    public init(hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int, vocabularySize: Int,
                maxPositions: Int, typeVocabularySize: Int = 2, layerNormEpsilon: Float = 1e-12) throws {
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        try validate()
    }

    public var headSize: Int { hiddenSize / headCount }

    /// Parses config.json. Only absolute positions and exact (erf) GELU are supported,
    /// which is what BERT, MiniLM and most sentence-transformers checkpoints use.
    public init(json data: Data, source: String = "config.json") throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelError("\(source) is not valid JSON (\(error.localizedDescription)); use the config.json of a Hugging Face BERT model")
        }
        guard let fields = object as? [String: Any] else {
            throw ModelError("\(source) must be a JSON object; use the config.json of a Hugging Face BERT model")
        }
        func integer(_ key: String, default fallback: Int? = nil) throws -> Int {
            if let number = fields[key] as? NSNumber, let value = Int(exactly: number.doubleValue) { return value }
            if fields[key] == nil, let fallback { return fallback }
            throw ModelError("\(source) needs an integer \"\(key)\"; use the config.json of a Hugging Face BERT model")
        }
        let activation = (fields["hidden_act"] as? String) ?? "gelu"
        guard activation == "gelu" else {
            throw ModelError("\(source) has hidden_act \"\(activation)\"; only \"gelu\" (exact erf GELU) is supported, use a BERT checkpoint with that activation")
        }
        if let positions = fields["position_embedding_type"] as? String, positions != "absolute" {
            throw ModelError("\(source) has position_embedding_type \"\(positions)\"; only \"absolute\" is supported")
        }
        let epsilon = (fields["layer_norm_eps"] as? NSNumber)?.doubleValue ?? 1e-12
        try self.init(hiddenSize: integer("hidden_size"), layerCount: integer("num_hidden_layers"),
                      headCount: integer("num_attention_heads"), intermediateSize: integer("intermediate_size"),
                      vocabularySize: integer("vocab_size"), maxPositions: integer("max_position_embeddings"),
                      typeVocabularySize: integer("type_vocab_size", default: 2), layerNormEpsilon: Float(epsilon))
    }

    private func validate() throws {
        let sizes = [("hidden_size", hiddenSize), ("num_hidden_layers", layerCount), ("num_attention_heads", headCount),
                     ("intermediate_size", intermediateSize), ("vocab_size", vocabularySize),
                     ("max_position_embeddings", maxPositions), ("type_vocab_size", typeVocabularySize)]
        for (name, value) in sizes where value <= 0 {
            throw ModelError("config \(name) is \(value); it must be positive")
        }
        guard hiddenSize % headCount == 0 else {
            throw ModelError("config hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
        // The element-wise kernels work in 16-float vectors without a scalar tail.
        guard hiddenSize % VectorMath.lanes == 0, intermediateSize % VectorMath.lanes == 0 else {
            throw ModelError("config hidden_size \(hiddenSize) and intermediate_size \(intermediateSize) must be multiples of \(VectorMath.lanes)")
        }
        guard layerNormEpsilon > 0, layerNormEpsilon.isFinite else {
            throw ModelError("config layer_norm_eps is \(layerNormEpsilon); it must be a small positive number such as 1e-12")
        }
    }
}
