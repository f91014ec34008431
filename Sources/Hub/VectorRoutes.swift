import Archive
import HTTP
import PEFT
import Store
import Tensor

/// `/vectors`: upload, replace, list, read, download and delete task prompt vectors.
struct VectorRoutes {
    let store: HubStore
    let auth: Authenticator
    let tensors: StoredTensors

    func register(on router: Router) {
        router.post("/vectors") { try create($0) }
        router.put("/vectors") { try replace($0, id: nil) }
        router.put("/vectors/:id") { try replace($0, id: try vectorID($0)) }
        router.get("/vectors") { try list($0) }
        router.get("/vectors/:id") { try show($0) }
        router.get("/vectors/:id/data") { try data($0) }
        router.delete("/vectors/:id") { try remove($0) }
    }

    static let keyParameters: Set = ["model", "task", "seed"]

    func key(_ request: Request) throws -> (model: String, task: String, seed: Int) {
        let model = try Names.model(request.query.required("model", example: "t5-base"))
        let task = try Names.task(request.query.required("task", example: "mnli"))
        guard let seed = try request.query.integer("seed", in: Names.seedRange) else {
            throw HTTPError.badRequest("Missing query parameter 'seed' (the init's seed), e.g. seed=1.")
        }
        return (model, task, seed)
    }

    func vectorID(_ request: Request) throws -> Int {
        guard let id = Int(request.parameters["id"] ?? ""), id > 0 else {
            throw HTTPError.notFound("'\(Names.printable(request.parameters["id"] ?? ""))' is not a vector id; ids are positive integers.")
        }
        return id
    }

    func load(_ request: Request) throws -> VectorRecord {
        let id = try vectorID(request)
        guard let record = try storeCall({ try store.vectors.get(id: id) }) else {
            throw HTTPError.notFound("No vector with id \(id); list them with GET /vectors.")
        }
        return record
    }

    func upload(_ request: Request, key: (model: String, task: String, seed: Int)) throws -> VectorUpload {
        try request.query.onlyKnown(Self.keyParameters.union(UploadedPrompt.queryParameters))
        let prompt = try UploadedPrompt.decode(request) {
            try storeCall { try store.inits.get(model: key.model, seed: key.seed) }.map(tensors.initial)
        }
        if let adapter = prompt.adapter {
            try check(adapter, model: key.model, width: prompt.tau.shape[1])
        } else {
            try checkWidth(model: key.model, shape: prompt.tau.shape)
        }
        return VectorUpload(model: key.model, task: key.task, seed: key.seed, shape: prompt.tau.shape,
                            tau: RawFloat32.encode(prompt.tau), tuned: prompt.tuned.map(RawFloat32.encode),
                            initialPrompt: prompt.initial.map(RawFloat32.encode), metadata: prompt.metadata)
    }

    /// All prompts of one model share its token width.
    func checkWidth(model: String, shape: [Int]) throws {
        if let widths = try recordedWidths(model), !widths.contains(shape[1]) {
            throw HTTPError(.conflict, "Model '\(model)' holds prompts of width \(widths.map(String.init).joined(separator: ", ")); this one is \(shape[1]) wide. Check the model name.")
        }
    }

    /// An adapter's config against the upload's model: its base model, and its token_dim against
    /// the width the model's stored prompts have.
    func check(_ adapter: PeftAdapterConfig, model: String, width: Int) throws {
        if !adapter.baseModelMatches(model) {
            throw HTTPError.badRequest("adapter_config.json has base_model_name_or_path '\(Names.printable(adapter.baseModelNameOrPath ?? ""))', but the upload is for model '\(model)'; expected '\(model)' or a name or path ending in '/\(model)'. Upload under the right model=, or correct base_model_name_or_path.",
                                       extra: [("field", "base_model_name_or_path"), ("expected", .string(model))])
        }
        if let widths = try recordedWidths(model), !widths.contains(width) {
            throw HTTPError.badRequest("The adapter's token_dim is \(width), but model '\(model)' holds prompts of width \(widths.map(String.init).joined(separator: ", ")); expected token_dim \(widths[0]). Check the model name.",
                                       extra: [("field", "token_dim"), ("expected", .int(widths[0]))])
        }
    }

    func recordedWidths(_ model: String) throws -> [Int]? {
        let summary = try storeCall { try store.vectors.models() }.first { $0.model == model }
        guard let widths = summary?.tokenDimensions, !widths.isEmpty else { return nil }
        return widths
    }

    func create(_ request: Request) throws -> Response {
        let owner = try auth.owner(of: request)
        let upload = try upload(request, key: try key(request))
        let record = try storeCall { try store.vectors.insert(upload, owner: owner) }
        return Representation.json(Representation.vector(record), status: .created,
                                   headers: [("Location", "/vectors/\(record.id)")])
    }

    /// PUT replaces the owner's vector, or creates it when the key is free.
    func replace(_ request: Request, id: Int?) throws -> Response {
        let owner = try auth.owner(of: request)
        let existing: VectorRecord?
        let key: (model: String, task: String, seed: Int)
        if let id {
            guard let record = try storeCall({ try store.vectors.get(id: id) }) else {
                throw HTTPError.notFound("No vector with id \(id); create it with POST /vectors?model=&task=&seed=.")
            }
            existing = record
            // A new key is named whole; part of one is refused rather than half ignored.
            let named = Self.keyParameters.filter { request.query[$0] != nil }
            key = named.isEmpty ? (record.model, record.task, record.seed) : try self.key(request)
        } else {
            key = try self.key(request)
            existing = try storeCall { try store.vectors.find(model: key.model, task: key.task, seed: key.seed) }
        }
        let upload = try upload(request, key: key)
        guard let existing else {
            let record = try storeCall { try store.vectors.insert(upload, owner: owner) }
            return Representation.json(Representation.vector(record), status: .created,
                                       headers: [("Location", "/vectors/\(record.id)")])
        }
        guard existing.owner == owner else {
            throw HTTPError(.forbidden, "Vector \(existing.id) belongs to '\(existing.owner)'; only its owner may replace it. Upload under another seed or task instead.")
        }
        let record = try storeCall { try store.vectors.replace(id: existing.id, with: upload) }
        return Representation.json(Representation.vector(record))
    }

    func list(_ request: Request) throws -> Response {
        try request.query.onlyKnown(["model", "task", "seed", "limit", "offset"])
        var filter = VectorFilter()
        if let model = request.query["model"] { filter.model = try Names.model(model) }
        if let task = request.query["task"] { filter.task = try Names.task(task) }
        filter.seed = try request.query.integer("seed", in: Names.seedRange)
        let limit = try request.query.integer("limit", in: 0...1000) ?? 100
        let offset = try request.query.integer("offset", in: 0...Int(Int32.max)) ?? 0
        let page = try storeCall { try store.vectors.list(filter, limit: limit, offset: offset) }
        return Representation.json(.object([
            ("items", .array(page.items.map(Representation.vector))),
            ("total", .int(page.total)),
            ("limit", .int(limit)),
            ("offset", .int(offset)),
        ]))
    }

    func show(_ request: Request) throws -> Response {
        Representation.json(Representation.vector(try load(request)))
    }

    /// `?part=tau` (default), `tuned` (theta_tuned) or `init`; `?format=` or Accept picks the format.
    /// `format=peft` (or `peft-tar.gz`) gives the tuned prompt (default) or the init as a PEFT adapter folder.
    func data(_ request: Request) throws -> Response {
        try request.query.onlyKnown(["format", "part", "task_type"])
        let vector = try load(request)
        let stem = "\(vector.model.replacingOccurrences(of: "/", with: "_"))_\(vector.task)_seed\(vector.seed)"
        if let kind = PeftDownload.requestedKind(request) { return try adapter(vector, stem: stem, kind: kind, request: request) }
        guard request.query["task_type"] == nil else {
            throw HTTPError.badRequest("task_type is for PEFT adapters; add format=peft, or leave task_type out.")
        }
        var metadata = ["model": vector.model, "task": vector.task, "seed": String(vector.seed), "format": "pt"]
        let part = request.query["part"] ?? "tau"
        metadata["part"] = part
        switch part {
        case "tau":
            return try TensorResponse(tensor: tensors.tau(of: vector), contentTag: vector.sha256, name: "tau",
                                      fileStem: stem + "_tau", metadata: metadata, otherFormats: PeftDownload.formatNames).response(for: request)
        case "tuned":
            let tuned = try tensors.tuned(of: vector)
            return try TensorResponse(tensor: tuned.tensor, contentTag: tuned.tag, name: "prompt_embeddings",
                                      fileStem: stem + "_tuned", metadata: metadata, otherFormats: PeftDownload.formatNames).response(for: request)
        case "init":
            let record = try initRecord(of: vector)
            return try TensorResponse(tensor: tensors.initial(record), contentTag: record.sha256, name: "init",
                                      fileStem: stem + "_init", metadata: metadata, otherFormats: PeftDownload.formatNames).response(for: request)
        default:
            throw HTTPError.badRequest("Unknown part '\(Names.printable(part))'; use tau, tuned or init.")
        }
    }

    func adapter(_ vector: VectorRecord, stem: String, kind: ArchiveKind, request: Request) throws -> Response {
        let part = request.query["part"] ?? "tuned"
        let prompt: (tensor: Tensor, tag: String)
        switch part {
        case "tuned": prompt = try tensors.tuned(of: vector)
        case "init":
            let record = try initRecord(of: vector)
            prompt = (try tensors.initial(record), record.sha256)
        case "tau": throw PeftDownload.refusingTau("A task prompt vector (part=tau)")
        default: throw HTTPError.badRequest("Unknown part '\(Names.printable(part))'; a PEFT adapter holds part=tuned (default) or part=init.")
        }
        return try PeftDownload(prompt: prompt.tensor, numVirtualTokens: vector.metadata.numVirtualTokens, model: vector.model,
                                storedConfigs: [PeftDownload.storedConfig(of: vector)],
                                folder: PeftDownload.folderName("\(stem)_\(part)"), contentTag: prompt.tag,
                                summary: "the \(part) prompt of task '\(vector.task)', seed \(vector.seed) (vector \(vector.id))")
            .response(for: request, kind: kind)
    }

    func initRecord(of vector: VectorRecord) throws -> InitRecord {
        guard let record = try tensors.initRecord(of: vector) else {
            throw HTTPError.notFound("No init stored for model '\(vector.model)', seed \(vector.seed).")
        }
        return record
    }

    func remove(_ request: Request) throws -> Response {
        let owner = try auth.owner(of: request)
        let vector = try load(request)
        guard vector.owner == owner else {
            throw HTTPError(.forbidden, "Vector \(vector.id) belongs to '\(vector.owner)'; only its owner may delete it.")
        }
        try storeCall { _ = try store.vectors.delete(id: vector.id) }
        return Response(status: .noContent)
    }
}

import Foundation
