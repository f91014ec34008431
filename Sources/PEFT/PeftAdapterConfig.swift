import JSON

/// The members of a prompt-tuning adapter_config.json that the hub checks and writes.
///
/// PEFT stores a soft prompt of `num_virtual_tokens` rows per transformer submodule: encoder-decoder
/// models (`SEQ_2_SEQ_LM`, num_transformer_submodules 2) keep two prompts stacked, so the tensor
/// has num_virtual_tokens x 2 rows.
public struct PeftAdapterConfig: Sendable, Equatable {
    public static let fileName = "adapter_config.json"
    public static let promptTuning = "PROMPT_TUNING"
    static let maximumBytes = 65_536

    public var numVirtualTokens: Int
    public var numTransformerSubmodules: Int
    /// nil when the file leaves it out (PEFT fills it from the base model).
    public var tokenDim: Int?
    public var taskType: String?
    public var baseModelNameOrPath: String?
    public var numAttentionHeads: Int?
    public var numLayers: Int?
    /// The whole file as read (kept with the stored vector as its provenance).
    public var document: JSONValue

    public init(numVirtualTokens: Int, numTransformerSubmodules: Int = 1, tokenDim: Int?, taskType: String? = nil,
                baseModelNameOrPath: String? = nil, numAttentionHeads: Int? = nil, numLayers: Int? = nil) {
        self.numVirtualTokens = numVirtualTokens
        self.numTransformerSubmodules = numTransformerSubmodules
        self.tokenDim = tokenDim
        self.taskType = taskType
        self.baseModelNameOrPath = baseModelNameOrPath
        self.numAttentionHeads = numAttentionHeads
        self.numLayers = numLayers
        document = .null
        document = json
    }

    /// Rows of `prompt_embeddings`.
    public var rows: Int { numVirtualTokens * numTransformerSubmodules }

    public static func parse(_ bytes: [UInt8]) throws -> PeftAdapterConfig {
        guard bytes.count <= maximumBytes else {
            throw PeftAdapterError(field: fileName, "\(fileName) is \(bytes.count) bytes; a prompt-tuning config is a few hundred (limit \(maximumBytes)).")
        }
        let document: JSONValue
        do { document = try JSONValue.parse(bytes) } catch {
            throw PeftAdapterError(field: fileName, "\(fileName) is not valid JSON: \(error).")
        }
        guard document.objectValue != nil else {
            throw PeftAdapterError(field: fileName, "\(fileName) must be a JSON object, found \(document.kindName).")
        }
        let peftType = try string("peft_type", in: document)
        guard let peftType else {
            throw PeftAdapterError(field: "peft_type", "\(fileName) has no peft_type; expected \"\(promptTuning)\" (save the adapter with PEFT's save_pretrained).")
        }
        guard peftType == promptTuning else {
            throw PeftAdapterError(field: "peft_type", "peft_type is \"\(peftType)\"; the hub stores prompt-tuning adapters, expected \"\(promptTuning)\".")
        }
        guard let tokens = try positiveInteger("num_virtual_tokens", in: document) else {
            throw PeftAdapterError(field: "num_virtual_tokens", "\(fileName) has no num_virtual_tokens; expected the prompt's length, a positive integer.")
        }
        let taskType = try string("task_type", in: document).map(PeftTaskType.validated)
        let submodules = try positiveInteger("num_transformer_submodules", in: document)
            ?? (taskType == PeftTaskType.encoderDecoder ? 2 : 1)
        guard submodules == 1 || submodules == 2 else {
            throw PeftAdapterError(field: "num_transformer_submodules", "num_transformer_submodules is \(submodules); expected 1, or 2 for encoder-decoder models (SEQ_2_SEQ_LM).")
        }
        var config = PeftAdapterConfig(
            numVirtualTokens: tokens, numTransformerSubmodules: submodules,
            tokenDim: try positiveInteger("token_dim", in: document), taskType: taskType,
            baseModelNameOrPath: try string("base_model_name_or_path", in: document),
            numAttentionHeads: try positiveInteger("num_attention_heads", in: document),
            numLayers: try positiveInteger("num_layers", in: document))
        config.document = document
        return config
    }

    /// adapter_config.json as PEFT writes it (keys sorted, two-space indent), for a prompt only
    /// loaded for inference. Keys are those every PEFT release since 0.6 knows, so older ones load it too.
    public var json: JSONValue {
        func optional(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }
        return .object([
            ("auto_mapping", .null),
            ("base_model_name_or_path", baseModelNameOrPath.map { .string($0) } ?? .null),
            ("inference_mode", true),
            ("num_attention_heads", optional(numAttentionHeads)),
            ("num_layers", optional(numLayers)),
            ("num_transformer_submodules", .int(numTransformerSubmodules)),
            ("num_virtual_tokens", .int(numVirtualTokens)),
            ("peft_type", .string(Self.promptTuning)),
            ("prompt_tuning_init", "RANDOM"),
            ("prompt_tuning_init_text", .null),
            ("revision", .null),
            ("task_type", taskType.map { .string($0) } ?? .null),
            ("token_dim", optional(tokenDim)),
            ("tokenizer_kwargs", .null),
            ("tokenizer_name_or_path", .null),
        ])
    }

    /// Whether `base_model_name_or_path` names the hub's `model`: the same name, or a hub id or
    /// local path whose last component is it (`sentence-transformers/all-MiniLM-L6-v2` for
    /// `all-minilm-l6-v2`), ignoring case. A config without one matches any model.
    public func baseModelMatches(_ model: String) -> Bool {
        guard var base = baseModelNameOrPath?.lowercased(), !base.isEmpty else { return true }
        while base.hasSuffix("/") { base.removeLast() }
        let model = model.lowercased()
        if base == model { return true }
        let last = base.split(separator: "/").last.map(String.init) ?? base
        let modelLast = model.split(separator: "/").last.map(String.init) ?? model
        return last == modelLast
    }

    static func string(_ key: String, in document: JSONValue) throws -> String? {
        switch document[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw PeftAdapterError(field: key, "\(key) must be a string or null, found \(other.kindName).")
        }
    }

    static func positiveInteger(_ key: String, in document: JSONValue) throws -> Int? {
        switch document[key] {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.intValue, number > 0, number <= 1 << 24 else {
                throw PeftAdapterError(field: key, "\(key) must be a positive integer, found \(value.serializedText).")
            }
            return number
        }
    }
}

extension JSONValue {
    var serializedText: String { String(decoding: serialized().prefix(80), as: UTF8.self) }
}
