import HTTP
import Store
import Tensor

/// `/inits`: the random initial prompts theta_init, one per (model, seed), that vectors apply to.
struct InitRoutes {
    let store: HubStore
    let auth: Authenticator
    let tensors: StoredTensors

    func register(on router: Router) {
        router.post("/inits") { try create($0) }
        router.get("/inits") { try list($0) }
        router.get("/inits/:id") { Representation.json(Representation.initPrompt(try load($0))) }
        router.get("/inits/:id/data") { try data($0) }
    }

    func create(_ request: Request) throws -> Response {
        let owner = try auth.owner(of: request)
        try request.query.onlyKnown(["model", "seed"])
        let model = try Names.model(request.query.required("model", example: "t5-base"))
        guard let seed = try request.query.integer("seed", in: Names.seedRange) else {
            throw HTTPError.badRequest("Missing query parameter 'seed', e.g. seed=1.")
        }
        guard !request.body.isEmpty else { throw HTTPError.badRequest("The body is empty; send the init tensor.") }
        let tensor = try TensorNegotiation.decodeSingle(request.body, format: TensorNegotiation.uploadFormat(of: request))
        try UploadedPrompt.checkPromptShape(tensor)
        let (record, created) = try storeCall {
            try store.inits.insert(model: model, seed: seed, shape: tensor.shape, owner: owner, bytes: RawFloat32.encode(tensor))
        }
        return Representation.json(Representation.initPrompt(record), status: created ? .created : .ok,
                                   headers: [("Location", "/inits/\(record.id)")])
    }

    func list(_ request: Request) throws -> Response {
        try request.query.onlyKnown(["model"])
        let model = try request.query["model"].map(Names.model)
        let items = try storeCall { try store.inits.list(model: model) }
        return Representation.json(.object([
            ("items", .array(items.map(Representation.initPrompt))),
            ("total", .int(items.count)),
        ]))
    }

    func load(_ request: Request) throws -> InitRecord {
        guard let id = Int(request.parameters["id"] ?? ""), id > 0,
              let record = try storeCall({ try store.inits.get(id: id) }) else {
            throw HTTPError.notFound("No init with id '\(Names.printable(request.parameters["id"] ?? ""))'; list them with GET /inits.")
        }
        return record
    }

    func data(_ request: Request) throws -> Response {
        try request.query.onlyKnown(["format"])
        let record = try load(request)
        let tensor = try tensors.initial(record)
        return try TensorResponse(tensor: tensor, contentTag: record.sha256, name: "init",
                                  fileStem: "\(record.model.replacingOccurrences(of: "/", with: "_"))_seed\(record.seed)_init",
                                  metadata: ["model": record.model, "seed": String(record.seed), "part": "init"])
            .response(for: request)
    }
}

import Foundation
