import Archive
import HTTP
import PEFT
import Tensor

/// The tensors an upload holds, read from whichever body it is, before they are checked
/// against each other: tau, or a tuned prompt (plain or a PEFT adapter's) with its init.
struct UploadedTensors {
    var tau: Tensor?
    var tuned: Tensor?
    var initial: Tensor?
    /// Safetensors `__metadata__` of a single-file upload.
    var fileMetadata: [String: String] = [:]
    /// The adapter_config.json of a PEFT adapter upload.
    var adapter: PeftAdapterConfig?

    static let tauKeys: Set = ["tau", "task_prompt_vector"]
    static let tunedKeys: Set = ["tuned", "prompt_embeddings", "theta_tuned"]
    static let initKeys: Set = ["init", "theta_init"]

    static func read(_ request: Request) throws -> UploadedTensors {
        switch try UploadBody.classify(request) {
        case .tensor(let format): return try tensorFile(request.body, format: format)
        case .archive(let kind): return try adapter(fromArchive: request.body, kind: kind)
        case .multipart(let boundary): return try multipart(request.body, boundary: boundary)
        }
    }

    /// One file: a bare tensor is tau; safetensors may name tau, tuned and init by key.
    static func tensorFile(_ bytes: [UInt8], format: TensorFormat) throws -> UploadedTensors {
        guard format == .safetensors else { return UploadedTensors(tau: try TensorNegotiation.decodeSingle(bytes, format: format)) }
        let file: SafetensorsFile
        do { file = try Safetensors.decode(bytes) } catch let error as TensorFormatError {
            throw HTTPError.badRequest(error.description)
        }
        var result = UploadedTensors(fileMetadata: file.metadata)
        let known = tauKeys.union(tunedKeys).union(initKeys)
        for (key, tensor) in file.tensors {
            if tauKeys.contains(key) { result.tau = tensor }
            else if tunedKeys.contains(key) { result.tuned = tensor }
            else if initKeys.contains(key) { result.initial = tensor }
            else if file.tensors.count == 1 { result.tau = tensor }
            else {
                throw HTTPError.badRequest("Unknown tensor '\(key)'; name them tau (the vector), or tuned/prompt_embeddings plus init (keys accepted: \(known.sorted().joined(separator: ", "))).")
            }
        }
        return result
    }

    static func adapter(fromArchive bytes: [UInt8], kind: ArchiveKind) throws -> UploadedTensors {
        let entries: [ArchiveEntry]
        do { entries = try kind.read(bytes) } catch let error as ArchiveError {
            throw HTTPError.badRequest("The \(kind.rawValue) archive is refused: \(error.message).")
        }
        return try adapter(try peftCall { try AdapterFiles(entries: entries) })
    }

    static func adapter(_ files: AdapterFiles) throws -> UploadedTensors {
        let adapter = try peftCall { try PeftAdapter.read(config: files.config ?? [], model: files.model ?? []) }
        var result = UploadedTensors(tuned: adapter.promptEmbeddings, adapter: adapter.config)
        if let initial = files.initial {
            let format: TensorFormat = initial.name.hasSuffix(".npy") ? .npy : initial.name.hasSuffix(".json") ? .json : .safetensors
            result.initial = try decodeInit(initial.bytes, format: format, name: initial.name)
        }
        return result
    }

    /// Parts named for their role (or with such a file name): adapter_config + adapter_model
    /// [+ init] for a PEFT adapter, or tau, or tuned + init, each part a tensor file.
    static func multipart(_ body: [UInt8], boundary: String) throws -> UploadedTensors {
        let parts: [MultipartPart]
        do { parts = try MultipartFormData.parse(body, boundary: boundary) } catch let error as MultipartError {
            throw HTTPError.badRequest(error.description)
        }
        var files = AdapterFiles()
        var initialPart: [UInt8]?
        var result = UploadedTensors()
        for part in parts {
            let role = PartRole(part)
            switch role {
            case .adapterConfig: files.config = part.body
            case .adapterModel: files.model = part.body
            case .initial: initialPart = part.body
            case .tau: result.tau = try decodePart(part)
            case .tuned: result.tuned = try decodePart(part)
            case nil:
                throw HTTPError.badRequest("Part '\(part.name)' is not one the hub reads; name the parts \(PartRole.names.joined(separator: ", ")).")
            }
        }
        if files.config != nil || files.model != nil {
            guard result.tau == nil, result.tuned == nil else {
                throw HTTPError.badRequest("Send either a PEFT adapter (adapter_config, adapter_model, init) or tensors (tau, or tuned with init), not both.")
            }
            guard files.config != nil, files.model != nil else {
                let missing = files.config == nil ? "adapter_config" : "adapter_model"
                throw HTTPError.badRequest("A PEFT adapter needs both parts adapter_config and adapter_model; '\(missing)' is missing.",
                                           extra: [("field", .string(missing))])
            }
            result = try adapter(files)
        }
        if let initialPart { result.initial = try decodeInit(initialPart, format: nil, name: "init") }
        return result
    }

    static func decodePart(_ part: MultipartPart) throws -> Tensor {
        let format = part.contentType.flatMap(TensorFormat.init(mediaType:)) ?? TensorFormat.sniff(part.body)
        guard let format else {
            throw HTTPError(.unsupportedMediaType, "Part '\(part.name)' is not a tensor file the hub reads; send safetensors, .npy or JSON.")
        }
        do { return try TensorNegotiation.decodeSingle(part.body, format: format) } catch let error as HTTPError {
            throw HTTPError(error.status, "Part '\(part.name)': \(error.detail)")
        }
    }

    /// The init: one tensor (in safetensors, under any key), in the format its name or first bytes say.
    static func decodeInit(_ bytes: [UInt8], format: TensorFormat?, name: String) throws -> Tensor {
        guard let format = format ?? TensorFormat.sniff(bytes) else {
            throw HTTPError(.unsupportedMediaType, "The init ('\(name)') is not a tensor file the hub reads; send safetensors, .npy or JSON.",
                            extra: [("field", .string(name))])
        }
        do { return try TensorNegotiation.decodeSingle(bytes, format: format) } catch let error as HTTPError {
            throw HTTPError(error.status, "The init ('\(name)'): \(error.detail)", extra: [("field", .string(name))])
        }
    }

    /// PEFT's checks as 400s whose problem document names the field.
    static func peftCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PeftAdapterError {
            throw HTTPError.badRequest(error.message, extra: error.field.map { [("field", .string($0))] } ?? [])
        }
    }
}

/// What a multipart part is for, from its name, else its file name.
enum PartRole {
    case adapterConfig, adapterModel, initial, tau, tuned

    static let names = ["adapter_config", "adapter_model", "init", "tau", "tuned"]

    init?(_ part: MultipartPart) {
        let filename = part.filename.map { String($0.split(separator: "/").last ?? "") }
        guard let role = Self.role(part.name) ?? filename.flatMap(Self.role) else { return nil }
        self = role
    }

    static func role(_ name: String) -> PartRole? {
        switch name {
        case "adapter_config", PeftAdapterConfig.fileName: return .adapterConfig
        case "adapter_model", PeftAdapter.modelFileName: return .adapterModel
        case "init", "theta_init": return .initial
        case _ where AdapterFiles.initNames.contains(name): return .initial
        case "tau", "task_prompt_vector": return .tau
        case "tuned", "prompt_embeddings", "theta_tuned": return .tuned
        default: return nil
        }
    }
}
