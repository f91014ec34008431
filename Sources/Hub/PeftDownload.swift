import Archive
import HTTP
import JSON
import PEFT
import Store
import Tensor

/// A prompt as a PEFT prompt-tuning adapter folder in an archive, for `?format=peft` (zip) or
/// `?format=peft-tar.gz`: `PeftModel.from_pretrained(base_model, folder)` loads what it unpacks to.
///
/// adapter_config.json: num_virtual_tokens and num_transformer_submodules from the prompt's rows
/// and its stored num_virtual_tokens (2 x n rows with n stated: an encoder-decoder prompt);
/// task_type from `?task_type=`, else what the uploaded adapters said, else SEQ_2_SEQ_LM for two
/// submodules and FEATURE_EXTRACTION otherwise (the encoder-plus-pooling use the hub trains for;
/// PEFT's plain PeftModel, for a null task type, would not prepend the prompt at all).
struct PeftDownload {
    /// Where an uploaded adapter's config is kept in the vector's provenance.
    static let provenanceKey = "peft_config"
    static let formats: [String: ArchiveKind] = ["peft": .zip, "peft-zip": .zip, "peft-tar.gz": .tarGzip]
    static let formatNames = ["peft", "peft-tar.gz"]

    /// The archive kind when `?format=` asks for an adapter; nil for a tensor format.
    static func requestedKind(_ request: Request) -> ArchiveKind? {
        request.query["format"].flatMap { formats[$0.lowercased()] }
    }

    let prompt: Tensor
    /// num_virtual_tokens the stored vectors state (nil: one row per token).
    let numVirtualTokens: Int?
    let model: String
    /// The adapter configs kept with the vectors the prompt comes from (nil for those uploaded otherwise).
    let storedConfigs: [JSONValue?]
    let folder: String
    let contentTag: String
    /// What the prompt is, for the README.
    let summary: String

    func config(taskType requested: String?) throws -> PeftAdapterConfig {
        let rows = prompt.shape[0]
        let twoSubmodules = numVirtualTokens.map { rows == 2 * $0 } ?? false
        func agreed(_ key: String) -> JSONValue? {
            let values = storedConfigs.map { $0?[key] ?? .null }
            guard let first = values.first, first != .null, values.allSatisfy({ $0 == first }) else { return nil }
            return first
        }
        let taskType = try requested.map { name in try UploadedTensors.peftCall { try PeftTaskType.validated(name) } }
            ?? agreed("task_type")?.stringValue
            ?? (twoSubmodules ? PeftTaskType.encoderDecoder : PeftTaskType.encoderDefault)
        return PeftAdapterConfig(numVirtualTokens: twoSubmodules ? rows / 2 : rows, numTransformerSubmodules: twoSubmodules ? 2 : 1,
                                 tokenDim: prompt.shape[1], taskType: taskType,
                                 baseModelNameOrPath: agreed("base_model_name_or_path")?.stringValue ?? model,
                                 numAttentionHeads: agreed("num_attention_heads")?.intValue, numLayers: agreed("num_layers")?.intValue)
    }

    func response(for request: Request, kind: ArchiveKind) throws -> Response {
        let config = try config(taskType: request.query["task_type"])
        let configText = String(decoding: config.json.serialized(), as: UTF8.self)
        // The bytes are a function of the stored content, the config and the archive kind: tag those.
        let etag = "\"\(String(SHA256.hex(Array("\(contentTag)|\(configText)|\(kind.rawValue)".utf8)).prefix(40)))\""
        var headers = HTTPHeaders([("ETag", etag), ("Cache-Control", "no-cache")])
        if let notModified = ETagList.notModified(request, etag: etag, headers: headers) { return notModified }
        let adapter = PeftAdapter(config: config, promptEmbeddings: prompt)
        let bytes = kind.write(adapter.entries(folder: folder, readme: readme(config)))
        headers.add("Content-Type", kind.mediaType)
        headers.add("Content-Disposition", "attachment; filename=\"\(folder).\(kind.fileExtension)\"")
        return Response(status: .ok, headers: headers, body: .bytes(bytes))
    }

    func readme(_ config: PeftAdapterConfig) -> String {
        """
        # \(folder)

        A PEFT prompt-tuning adapter from tpv-hub: \(summary).

        - base model (hub name): \(model)
        - prompt_embeddings: [\(prompt.shape[0]), \(prompt.shape[1])], num_virtual_tokens \(config.numVirtualTokens) x num_transformer_submodules \(config.numTransformerSubmodules)
        - task_type: \(config.taskType ?? "none")

        ```python
        from peft import PeftModel
        model = PeftModel.from_pretrained(base_model, "\(folder)")
        ```

        """
    }

    /// Download names are made of model and task names (a safe alphabet); ustar keeps folder names to 100 bytes.
    static func folderName(_ stem: String) -> String {
        String(stem.utf8.prefix(100).map { Character(UnicodeScalar($0)) })
    }

    /// The adapter config an upload kept in a vector's provenance.
    static func storedConfig(of vector: VectorRecord) -> JSONValue? {
        Representation.embeddedJSON(vector.metadata.provenance)[provenanceKey]
    }

    static func refusingTau(_ what: String) -> HTTPError {
        HTTPError.badRequest("\(what) is a difference of prompts, not a prompt a model can load; a PEFT adapter holds a prompt: ask for part=tuned or part=init, or a tensor format (safetensors, npy, json).")
    }
}
