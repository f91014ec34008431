import Archive
import JSON
import Tensor

/// A prompt-tuning adapter as PEFT saves it: adapter_config.json and adapter_model.safetensors
/// holding one tensor, `prompt_embeddings`, of shape [num_virtual_tokens x num_transformer_submodules, token_dim].
public struct PeftAdapter: Sendable {
    public static let modelFileName = "adapter_model.safetensors"
    public static let tensorKey = "prompt_embeddings"

    public var config: PeftAdapterConfig
    /// The tuned prompt, [rows, token_dim].
    public var promptEmbeddings: Tensor

    /// Reads both files and checks them against each other; every mismatch names its field.
    public static func read(config configBytes: [UInt8], model modelBytes: [UInt8]) throws -> PeftAdapter {
        let config = try PeftAdapterConfig.parse(configBytes)
        let file: SafetensorsFile
        do { file = try Safetensors.decode(modelBytes) } catch let error as TensorFormatError {
            throw PeftAdapterError(field: modelFileName, "\(modelFileName): \(error.message)")
        }
        guard let prompt = file.tensors[tensorKey] else {
            throw PeftAdapterError(field: modelFileName, "\(modelFileName) has no tensor '\(tensorKey)' (it has \(file.tensors.keys.sorted().joined(separator: ", "))); save a prompt-tuning adapter with PEFT's save_pretrained.")
        }
        let others = file.tensors.keys.filter { $0 != tensorKey }.sorted()
        guard others.isEmpty else {
            throw PeftAdapterError(field: modelFileName, "\(modelFileName) holds tensors besides '\(tensorKey)': \(others.joined(separator: ", ")); a prompt-tuning adapter has that one only.")
        }
        try check(prompt.shape, against: config)
        return PeftAdapter(config: config, promptEmbeddings: prompt)
    }

    static func check(_ shape: [Int], against config: PeftAdapterConfig) throws {
        guard shape.count == 2, shape[0] > 0, shape[1] > 0 else {
            throw PeftAdapterError(field: tensorKey, "\(tensorKey) has shape \(shape); expected a matrix [num_virtual_tokens x num_transformer_submodules, token_dim].")
        }
        let (rows, width) = (shape[0], shape[1])
        if rows != config.rows {
            let k = config.numTransformerSubmodules
            if k == 1, rows == 2 * config.numVirtualTokens {
                throw PeftAdapterError(field: "num_transformer_submodules", "\(tensorKey) has \(rows) rows, twice num_virtual_tokens \(config.numVirtualTokens); expected num_transformer_submodules 2 (an encoder-decoder adapter, task_type SEQ_2_SEQ_LM), found 1.")
            }
            let expected = rows % k == 0 ? "\(rows / k)" : "a divisor of \(rows)"
            throw PeftAdapterError(field: "num_virtual_tokens", "num_virtual_tokens is \(config.numVirtualTokens) with num_transformer_submodules \(k), so \(config.rows) rows, but \(tensorKey) has \(rows); expected num_virtual_tokens \(expected).")
        }
        if let tokenDim = config.tokenDim, tokenDim != width {
            throw PeftAdapterError(field: "token_dim", "token_dim is \(tokenDim) but \(tensorKey) is \(width) wide; expected token_dim \(width).")
        }
    }

    public init(config: PeftAdapterConfig, promptEmbeddings: Tensor) {
        self.config = config
        self.promptEmbeddings = promptEmbeddings
    }

    /// The adapter as the files of a folder named `folder`: adapter_config.json, adapter_model.safetensors
    /// (F32, metadata `format: pt` as PEFT writes it) and, when given, a README.md.
    public func entries(folder: String, readme: String? = nil) -> [ArchiveEntry] {
        var entries = [
            ArchiveEntry(name: "\(folder)/\(PeftAdapterConfig.fileName)", bytes: Array((config.json.prettyPrinted() + "\n").utf8)),
            ArchiveEntry(name: "\(folder)/\(Self.modelFileName)",
                         bytes: Safetensors.encode([Self.tensorKey: promptEmbeddings], metadata: ["format": "pt"])),
        ]
        if let readme { entries.append(ArchiveEntry(name: "\(folder)/README.md", bytes: Array(readme.utf8))) }
        return entries
    }
}
