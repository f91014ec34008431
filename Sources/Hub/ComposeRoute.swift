import HTTP
import JSON
import PromptVectors
import Store
import Tensor

/// `GET /compose`: theta = theta_init(seed) + lambda * merge(w_i tau_i), ready to load; the merge is
/// the paper's sum unless `method=` names another (`PromptMerging` has the formulas).
struct ComposeRoute {
    let store: HubStore
    let tensors: StoredTensors

    func register(on router: Router) {
        router.get("/compose") { try compose($0) }
    }

    func compose(_ request: Request) throws -> Response {
        let query = request.query
        try query.onlyKnown(["model", "tasks", "lambda", "seed", "init", "format", "task_type", "method", "density", "merge_seed"])
        let terms: CompositionTerms
        do { terms = try CompositionTerms(parsing: query.required("tasks", example: "mnli,qnli")) } catch let error as CompositionTerms.ParseError {
            throw HTTPError.badRequest(error.description)
        }
        for task in terms.tasks { _ = try Names.task(task) }
        let lambda = try query.number("lambda") ?? 1
        let withInit: Bool
        switch query["init"] ?? "seed" {
        case "seed": withInit = true
        case "none": withInit = false
        case let other: throw HTTPError.badRequest("init='\(other)' is not understood; use init=none for the combined vector alone, or leave it out.")
        }
        _ = try mergeMethod(query, defaultSeed: 0)  // refuse bad merge parameters before any lookup
        let plan = try CompositionPlan.resolve(store: store, terms: terms, model: try query["model"].map(Names.model),
                                               seed: try query.integer("seed", in: Names.seedRange), withInit: withInit)
        let initial = try plan.initRecord.map(tensors.initial)
        let vectors = try plan.vectors.map { (name: "\($0.term.task)@\($0.record.seed)", weight: $0.term.weight, tau: try tensors.tau(of: $0.record)) }
        // The composition's seed is always resolved (CompositionPlan picks one when none is given).
        let method = try mergeMethod(query, defaultSeed: UInt64(plan.seed ?? 0))
        let composed: Tensor
        do {
            composed = try PromptMerging.merge(initial: initial, lambda: Float(lambda), vectors: vectors, method: method)
        } catch let error as PromptArithmetic.ShapeMismatch {
            throw HTTPError(.conflict, error.description)
        }
        let formula = (withInit ? "init(seed \(plan.seed!)) + " : "") + "\(lambda) * "
            + method.formula(of: plan.vectors.map { "\($0.term.weight) * tau(\($0.term.task), seed \($0.record.seed))" })
        var metadata = [
            "model": plan.model, "tasks": plan.vectors.map { "\($0.term.task)@\($0.record.seed):\($0.term.weight)" }.joined(separator: ","),
            "lambda": String(lambda), "seed": plan.seed.map(String.init) ?? "none", "formula": formula, "method": method.name,
        ]
        metadata["density"] = method.density.map { String($0) }
        metadata["merge_seed"] = method.seed.map { String($0) }
        // The result is a function of the stored inputs and the parameters: tag those, not the output.
        let inputs = (plan.initRecord.map { [$0.sha256] } ?? []) + plan.vectors.map { "\($0.record.sha256)*\($0.term.weight)" }
            + ["\(lambda)", method.name, method.parameterText]
        let tag = String(SHA256.hex(Array(inputs.joined(separator: "|").utf8)).prefix(40))
        let stem = "composed_" + terms.tasks.joined(separator: "+")
        if let kind = PeftDownload.requestedKind(request) {
            guard withInit else { throw PeftDownload.refusingTau("The combined vector alone (init=none)") }
            var response = try PeftDownload(prompt: composed, numVirtualTokens: plan.vectors.first?.record.metadata.numVirtualTokens,
                                            model: plan.model, storedConfigs: plan.vectors.map { PeftDownload.storedConfig(of: $0.record) },
                                            folder: PeftDownload.folderName(stem), contentTag: tag, summary: formula)
                .response(for: request, kind: kind)
            response.headers.add("X-TPV-Formula", formula)
            return response
        }
        guard query["task_type"] == nil else {
            throw HTTPError.badRequest("task_type is for PEFT adapters; add format=peft, or leave task_type out.")
        }
        var response = try TensorResponse(tensor: composed, contentTag: tag, name: withInit ? "prompt_embeddings" : "tau",
                                          fileStem: stem, metadata: metadata, otherFormats: PeftDownload.formatNames).response(for: request)
        response.headers.add("X-TPV-Formula", formula)
        return response
    }

    /// `method=` (default sum) with `density=` and `merge_seed=`, validated; dare's seed defaults to
    /// the composition's seed.
    func mergeMethod(_ query: QueryParameters, defaultSeed: UInt64) throws -> MergeMethod {
        let density = try query.number("density")
        let seed = try query.integer("merge_seed", in: Names.seedRange)
        do {
            return try MergeMethod(name: query["method"] ?? "sum", density: density, seed: seed.map { UInt64($0) },
                                   defaultSeed: defaultSeed)
        } catch let error as MergeMethod.ParameterError {
            throw HTTPError.badRequest(error.description, extra: [("methods", .array(MergeMethod.names.map { .string($0) }))])
        }
    }
}
