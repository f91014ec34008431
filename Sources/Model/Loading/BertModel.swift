import Foundation
import Tensor

/// A BERT-family checkpoint loaded from a Hugging Face folder: config.json,
/// model.safetensors and vocab.txt (tokenizer_config.json, when present, says whether
/// the model is cased). The hub's default is all-MiniLM-L6-v2 in `defaultDirectory`.
public final class BertModel: Sendable {
    /// Relative to the repository root; `scripts/install-model.sh` puts the model there.
    public static let defaultDirectory = "models/all-minilm-l6-v2"
    /// Overrides `defaultDirectory` for the CLI and tests.
    public static let directoryEnvironmentVariable = "TPV_MODEL_DIR"
    public static let installHint = "run scripts/install-model.sh (or pass the folder of a BERT model with config.json, model.safetensors and vocab.txt)"

    public let directory: String
    public let config: BertConfig
    public let tokenizer: BertTokenizer
    public let encoder: BertEncoder

    public init(config: BertConfig, tokenizer: BertTokenizer, encoder: BertEncoder, directory: String = "") {
        self.config = config
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.directory = directory
    }

    public convenience init(directory: String) throws {
        let folder = URL(fileURLWithPath: directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelError("no model folder at \(directory); \(Self.installHint)")
        }
        func required(_ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ModelError("the model folder \(directory) has no readable \(name); \(Self.installHint)")
            }
            return path
        }
        let configPath = try required("config.json")
        let weightsPath = try required("model.safetensors")

        let config = try BertConfig(json: try Data(contentsOf: URL(fileURLWithPath: configPath)),
                                    source: configPath)
        let tokenizer = try Self.tokenizer(directory: directory)
        guard tokenizer.vocabularySize <= config.vocabularySize else {
            throw ModelError("vocab.txt has \(tokenizer.vocabularySize) tokens but config.json vocab_size is \(config.vocabularySize); the files belong to different models")
        }
        let tensors: [String: Tensor]
        do {
            tensors = try Safetensors.decode(contentsOfFile: weightsPath).tensors
        } catch {
            throw ModelError("cannot read \(weightsPath): \(error); \(Self.installHint)")
        }
        let weights = try BertWeights(config: config, tensors: tensors)
        self.init(config: config, tokenizer: tokenizer, encoder: BertEncoder(weights: weights), directory: directory)
    }

    /// The tokenizer of a model folder alone (vocab.txt, casing from tokenizer_config.json
    /// when present), without reading the weights.
    public static func tokenizer(directory: String) throws -> BertTokenizer {
        let folder = URL(fileURLWithPath: directory)
        let vocabulary = folder.appendingPathComponent("vocab.txt").path
        guard FileManager.default.isReadableFile(atPath: vocabulary) else {
            throw ModelError("the model folder \(directory) has no readable vocab.txt; \(installHint)")
        }
        let casing = try tokenizerCasing(folder.appendingPathComponent("tokenizer_config.json").path)
        return try BertTokenizer(vocabularyFile: vocabulary, lowercase: casing.lowercase,
                                 stripAccents: casing.stripAccents)
    }

    /// The folder from TPV_MODEL_DIR, else `defaultDirectory` (relative to the working directory).
    public static func resolvedDirectory(_ explicit: String? = nil) -> String {
        explicit ?? ProcessInfo.processInfo.environment[directoryEnvironmentVariable] ?? defaultDirectory
    }

    /// Pads tokenised texts (or text pairs, `[CLS] a [SEP] b [SEP]`) into one batch,
    /// truncated to `maxLength` tokens, by default what the model's positions leave
    /// next to a prompt of `promptLength` rows.
    public func batch(_ texts: [String], pairs: [String]? = nil, maxLength: Int? = nil,
                      promptLength: Int = 0) throws -> EncodedBatch {
        if let pairs, pairs.count != texts.count {
            throw ModelError("\(texts.count) texts but \(pairs.count) pair texts; pass one pair text per text")
        }
        let limit = maxLength ?? (config.maxPositions - promptLength)
        let encoded = try texts.indices.map { try tokenizer.encode(texts[$0], pair: pairs?[$0], maxLength: limit) }
        return EncodedBatch(encoded, padId: tokenizer.padId)
    }

    /// Mean-pooled, L2-normalised embeddings [N, H] of `texts` without a prompt, in
    /// batches of `batchSize` (label embeddings for the prompt-tuning head come from here).
    public func embed(_ texts: [String], pairs: [String]? = nil, batchSize: Int = 32) throws -> Tensor {
        let h = config.hiddenSize
        var scalars: [Float] = []
        scalars.reserveCapacity(texts.count * h)
        let workspace = EncoderWorkspace(config: config)
        for start in stride(from: 0, to: texts.count, by: max(batchSize, 1)) {
            let end = min(start + max(batchSize, 1), texts.count)
            let part = try batch(Array(texts[start..<end]), pairs: pairs.map { Array($0[start..<end]) })
            scalars += try encoder.embed(part, workspace: workspace).scalars
        }
        return Tensor(shape: [texts.count, h], scalars: scalars)
    }

    private static func tokenizerCasing(_ path: String) throws -> (lowercase: Bool, stripAccents: Bool?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (true, nil) }
        guard let fields = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ModelError("\(path) is not a JSON object; fix or delete it (it is optional)")
        }
        return ((fields["do_lower_case"] as? Bool) ?? true, fields["strip_accents"] as? Bool)
    }
}
