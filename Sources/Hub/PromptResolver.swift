import HTTP
import Jobs
import PromptVectors
import Store

/// Turns the prompt a request names (`{"random": true}`, `{"vector": 7}`, `{"compose": ...}`) into
/// a `PromptRecipe` of stored tensors, checking it against the model's width and the prompt length.
///
/// The init of (model, seed) is the hub's stored one when there is one, else the one the trainer
/// draws (`PromptInitialization`), which a training job stores with its vector; so every vector
/// the hub trains satisfies tuned = init(seed) + tau, as uploaded ones do.
struct PromptResolver {
    let store: HubStore
    let tensors: StoredTensors

    /// The init of (model, seed) as a `[promptLength, width]` prompt.
    func initSource(model: String, seed: Int, promptLength: Int, width: Int) throws -> PromptRecipe.InitSource {
        guard let stored = try storeCall({ try store.inits.get(model: model, seed: seed) }) else {
            return .generated(seed: seed, promptLength: promptLength)
        }
        guard stored.shape == [promptLength, width] else {
            throw HTTPError(.conflict, "The hub's init for model '\(model)', seed \(seed) (id \(stored.id)) has shape \(stored.shape), not [\(promptLength), \(width)]; use prompt_length \(stored.shape[0]) or another seed.")
        }
        return .stored(id: stored.id, sha256: stored.sha256, shape: stored.shape)
    }

    /// `promptLength`: the rows wanted; nil takes them from the vectors (evaluation), else 20.
    func recipe(for request: PromptRequest, model: String, seed: Int, promptLength: Int?, width: Int) throws -> PromptRecipe {
        switch request {
        case .none:
            return PromptRecipe(initial: nil, terms: [])
        case .random:
            let length = try promptLength ?? storeCall({ try store.inits.get(model: model, seed: seed) })?.shape[0] ?? 20
            return PromptRecipe(initial: try initSource(model: model, seed: seed, promptLength: length, width: width), terms: [])
        case .vector(let id):
            guard let vector = try storeCall({ try store.vectors.get(id: id) }) else {
                throw HTTPError.notFound("No vector with id \(id) to start from; list them with GET /vectors.")
            }
            try check(vector, model: model, promptLength: promptLength, width: width)
            return PromptRecipe(initial: nil, terms: try tunedTerms(of: vector))
        case .compose(let text, let lambda, let mergeRequest):
            let terms: CompositionTerms
            do { terms = try CompositionTerms(parsing: text) } catch let error as CompositionTerms.ParseError {
                throw HTTPError.badRequest(error.description)
            }
            for task in terms.tasks { _ = try Names.task(task) }
            let plan = try CompositionPlan.resolve(store: store, terms: terms, model: model, seed: seed, withInit: false)
            for (_, vector) in plan.vectors { try check(vector, model: model, promptLength: promptLength, width: width) }
            let length = promptLength ?? plan.vectors[0].record.shape[0]
            // A sum folds lambda into the coefficients; another merge keeps the weights and lambda apart.
            let merge = try mergeRequest.map { request in
                PromptRecipe.Merge(method: try jobCall { try request.resolved(defaultSeed: seed) }, lambda: lambda)
            }
            return PromptRecipe(
                initial: try initSource(model: model, seed: seed, promptLength: length, width: width),
                terms: plan.vectors.map { term, vector in
                    PromptRecipe.Term(sha256: vector.sha256, shape: vector.shape,
                                      coefficient: (merge == nil ? lambda : 1) * Double(term.weight),
                                      label: "tau(\(vector.task), seed \(vector.seed), vector \(vector.id))")
                },
                merge: merge)
        }
    }

    /// A vector's tuned prompt: its stored theta_tuned, else its init + tau.
    private func tunedTerms(of vector: VectorRecord) throws -> [PromptRecipe.Term] {
        let name = "\(vector.task), seed \(vector.seed), vector \(vector.id)"
        if let tuned = vector.tunedSHA256 {
            return [PromptRecipe.Term(sha256: tuned, shape: vector.shape, coefficient: 1, label: "tuned(\(name))")]
        }
        guard let initial = try tensors.initRecord(of: vector) else {
            throw HTTPError(.conflict, "Vector \(vector.id) has no tuned prompt and the hub has no init for model '\(vector.model)', seed \(vector.seed); upload it with POST /inits?model=\(vector.model)&seed=\(vector.seed).")
        }
        return [PromptRecipe.Term(sha256: initial.sha256, shape: initial.shape, coefficient: 1, label: "init(\(vector.model), seed \(vector.seed))"),
                PromptRecipe.Term(sha256: vector.sha256, shape: vector.shape, coefficient: 1, label: "tau(\(name))")]
    }

    private func check(_ vector: VectorRecord, model: String, promptLength: Int?, width: Int) throws {
        guard vector.model == model else {
            throw HTTPError.badRequest("Vector \(vector.id) belongs to model '\(vector.model)', not '\(model)'.")
        }
        guard vector.shape.count == 2, vector.shape[1] == width else {
            throw HTTPError(.conflict, "Vector \(vector.id) has shape \(vector.shape); model '\(model)' takes prompts \(width) wide.")
        }
        if let promptLength, vector.shape[0] != promptLength {
            throw HTTPError.badRequest("Vector \(vector.id) (\(vector.task)) has \(vector.shape[0]) virtual tokens but the job asks for prompt_length \(promptLength); set \"prompt_length\": \(vector.shape[0]).")
        }
    }
}
