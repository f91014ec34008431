import HTTP
import PromptVectors
import Store
import Tensor

/// `GET /compose`: theta = theta_init(seed) + lambda * sum_i w_i tau_i, ready to load.
struct ComposeRoute {
    let store: HubStore
    let tensors: StoredTensors

    func register(on router: Router) {
        router.get("/compose") { try compose($0) }
    }

    func compose(_ request: Request) throws -> Response {
        let query = request.query
        try query.onlyKnown(["model", "tasks", "lambda", "seed", "init", "format", "task_type"])
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
        let plan = try CompositionPlan.resolve(store: store, terms: terms, model: try query["model"].map(Names.model),
                                               seed: try query.integer("seed", in: Names.seedRange), withInit: withInit)
        let initial = try plan.initRecord.map(tensors.initial)
        let vectors = try plan.vectors.map { (name: "\($0.term.task)@\($0.record.seed)", weight: $0.term.weight, tau: try tensors.tau(of: $0.record)) }
        let composed: Tensor
        do {
            composed = try PromptArithmetic.compose(initial: initial, lambda: Float(lambda), vectors: vectors)
        } catch let error as PromptArithmetic.ShapeMismatch {
            throw HTTPError(.conflict, error.description)
        }
        let formula = (withInit ? "init(seed \(plan.seed!)) + " : "") + "\(lambda) * ("
            + plan.vectors.map { "\($0.term.weight) * tau(\($0.term.task), seed \($0.record.seed))" }.joined(separator: " + ") + ")"
        let metadata = [
            "model": plan.model, "tasks": plan.vectors.map { "\($0.term.task)@\($0.record.seed):\($0.term.weight)" }.joined(separator: ","),
            "lambda": String(lambda), "seed": plan.seed.map(String.init) ?? "none", "formula": formula,
        ]
        // The result is a function of the stored inputs and the parameters: tag those, not the output.
        let inputs = (plan.initRecord.map { [$0.sha256] } ?? []) + plan.vectors.map { "\($0.record.sha256)*\($0.term.weight)" } + ["\(lambda)"]
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
}
