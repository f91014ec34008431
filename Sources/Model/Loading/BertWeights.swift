import Tensor

/// The frozen parameters of a BERT encoder in one float32 allocation, with the
/// query, key and value projections fused into one [3H, H] matrix so that a layer
/// needs a single GEMM for all three. Matrices keep the Hugging Face layout
/// [out features, in features].
public final class BertWeights: @unchecked Sendable {  // immutable after init
    public struct Layer {
        public let qkvWeight: UnsafePointer<Float>         // [3H, H]: query, key, value rows
        public let qkvBias: UnsafePointer<Float>           // [3H]
        public let attentionOutWeight: UnsafePointer<Float>  // [H, H]
        public let attentionOutBias: UnsafePointer<Float>
        public let attentionNormGamma: UnsafePointer<Float>
        public let attentionNormBeta: UnsafePointer<Float>
        public let ffnInWeight: UnsafePointer<Float>       // [I, H]
        public let ffnInBias: UnsafePointer<Float>         // [I]
        public let ffnOutWeight: UnsafePointer<Float>      // [H, I]
        public let ffnOutBias: UnsafePointer<Float>
        public let outputNormGamma: UnsafePointer<Float>
        public let outputNormBeta: UnsafePointer<Float>
    }

    public let config: BertConfig
    public let wordEmbeddings: UnsafePointer<Float>      // [V, H]
    public let positionEmbeddings: UnsafePointer<Float>  // [maxPositions, H]
    public let tokenTypeEmbeddings: UnsafePointer<Float> // [typeVocabulary, H]
    public let embeddingNormGamma: UnsafePointer<Float>
    public let embeddingNormBeta: UnsafePointer<Float>
    public let layers: [Layer]
    private let storage: UnsafeMutableBufferPointer<Float>

    /// Takes the tensors of a Hugging Face BertModel checkpoint, named as
    /// `embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`, ...
    /// with or without a `bert.` prefix (BertFor... heads); other tensors are ignored.
    public init(config: BertConfig, tensors: [String: Tensor]) throws {
        let h = config.hiddenSize, i = config.intermediateSize
        let prefix = tensors["embeddings.word_embeddings.weight"] == nil
            && tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
            // Old TensorFlow conversions name LayerNorm parameters gamma/beta.
            let legacy = name.replacingSuffix(".LayerNorm.weight", with: ".LayerNorm.gamma")
                .replacingSuffix(".LayerNorm.bias", with: ".LayerNorm.beta")
            guard let found = tensors[prefix + name] ?? tensors[prefix + legacy] else {
                throw ModelError("model.safetensors has no tensor \"\(prefix + name)\"; the checkpoint must be a BERT model (BertModel weight names) matching config.json")
            }
            guard found.shape == shape else {
                throw ModelError("tensor \"\(prefix + name)\" has shape \(found.shape) but config.json implies \(shape); use the config.json that belongs to this model.safetensors")
            }
            return found
        }

        let perLayer = 3 * h * h + 3 * h + h * h + h + 2 * h + i * h + i + h * i + h + 2 * h
        let total = (config.vocabularySize + config.maxPositions + config.typeVocabularySize + 2) * h
            + config.layerCount * perLayer
        let storage = UnsafeMutableBufferPointer<Float>.allocate(capacity: total)
        var cursor = 0
        // Copies tensors into the arena back to back and returns where they start.
        func place(_ parts: [Tensor]) -> UnsafePointer<Float> {
            let start = storage.baseAddress! + cursor
            for part in parts {
                _ = UnsafeMutableBufferPointer(rebasing: storage[cursor..<(cursor + part.count)])
                    .initialize(fromContentsOf: part.scalars)
                cursor += part.count
            }
            return UnsafePointer(start)
        }
        do {
            wordEmbeddings = place([try tensor("embeddings.word_embeddings.weight", [config.vocabularySize, h])])
            positionEmbeddings = place([try tensor("embeddings.position_embeddings.weight", [config.maxPositions, h])])
            tokenTypeEmbeddings = place([try tensor("embeddings.token_type_embeddings.weight",
                                                    [config.typeVocabularySize, h])])
            embeddingNormGamma = place([try tensor("embeddings.LayerNorm.weight", [h])])
            embeddingNormBeta = place([try tensor("embeddings.LayerNorm.bias", [h])])
            var layers: [Layer] = []
            for l in 0..<config.layerCount {
                let p = "encoder.layer.\(l)."
                let a = p + "attention."
                layers.append(Layer(
                    qkvWeight: place([try tensor(a + "self.query.weight", [h, h]), try tensor(a + "self.key.weight", [h, h]),
                                      try tensor(a + "self.value.weight", [h, h])]),
                    qkvBias: place([try tensor(a + "self.query.bias", [h]), try tensor(a + "self.key.bias", [h]),
                                    try tensor(a + "self.value.bias", [h])]),
                    attentionOutWeight: place([try tensor(a + "output.dense.weight", [h, h])]),
                    attentionOutBias: place([try tensor(a + "output.dense.bias", [h])]),
                    attentionNormGamma: place([try tensor(a + "output.LayerNorm.weight", [h])]),
                    attentionNormBeta: place([try tensor(a + "output.LayerNorm.bias", [h])]),
                    ffnInWeight: place([try tensor(p + "intermediate.dense.weight", [i, h])]),
                    ffnInBias: place([try tensor(p + "intermediate.dense.bias", [i])]),
                    ffnOutWeight: place([try tensor(p + "output.dense.weight", [h, i])]),
                    ffnOutBias: place([try tensor(p + "output.dense.bias", [h])]),
                    outputNormGamma: place([try tensor(p + "output.LayerNorm.weight", [h])]),
                    outputNormBeta: place([try tensor(p + "output.LayerNorm.bias", [h])])))
            }
            self.layers = layers
        } catch {
            storage.deallocate()
            throw error
        }
        precondition(cursor == total, "weight arena size mismatch")
        self.config = config
        self.storage = storage
    }

    deinit {
        storage.deallocate()
    }

    public var parameterCount: Int { storage.count }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}

extension BertWeights {
    /// Standard deviation of all word-embedding entries (in float64): the scale for a
    /// random soft prompt that looks like word vectors to the first LayerNorm.
    public var wordEmbeddingStandardDeviation: Double {
        let count = config.vocabularySize * config.hiddenSize
        var sum = 0.0, squares = 0.0
        for i in 0..<count {
            let x = Double(wordEmbeddings[i])
            sum += x
            squares += x * x
        }
        let mean = sum / Double(count)
        return max(squares / Double(count) - mean * mean, 0).squareRoot()
    }
}
