import HTTP
import JSON
import Jobs
import Store

/// `POST /evaluate`: a prompt's scores on a task's test or validation split, answered when done
/// (no job): how a composed prompt's zero-shot performance is measured.
struct EvaluateRoute {
    let store: HubStore
    let jobs: JobService
    let resolver: PromptResolver

    static let example = #"{"model": "all-minilm-l6-v2", "task": "sst2", "split": "test", "prompt": {"vector": 7}}"#

    func register(on router: Router) {
        router.post("/evaluate") { try evaluate($0) }
    }

    func evaluate(_ request: Request) throws -> Response {
        try request.query.onlyKnown([])
        let e = try jobCall { try EvaluationRequest.parse(try JSONBody.object(request, example: Self.example)) }
        _ = try Names.model(e.model)
        _ = try Names.task(e.task)
        let model = try jobCall { try jobs.models.model(named: e.model) }
        let recipe = try resolver.recipe(for: e.prompt, model: e.model, seed: e.seed, promptLength: nil,
                                         width: model.config.hiddenSize)
        guard try storeCall({ try store.datasets.get(task: e.task, split: e.split) }) != nil else {
            throw HTTPError.badRequest("Task '\(e.task)' has no \(e.split.rawValue) split; upload it with POST /datasets/\(e.task)?split=\(e.split.rawValue).")
        }
        let (metrics, seconds) = try jobCall {
            try jobs.evaluate(model: e.model, task: e.task, split: e.split, recipe: recipe, limit: e.limit)
        }
        var prompt = e.prompt.json
        if e.prompt != .none && !(e.prompt.isVector), case .object(var members) = prompt {
            members.append(("seed", .int(e.seed)))
            prompt = .object(members)
        }
        return Representation.json(.object([
            ("metrics", metrics), ("model", .string(e.model)), ("task", .string(e.task)),
            ("split", .string(e.split.rawValue)), ("prompt", prompt), ("resolved", recipe.json),
            ("seconds", .double((seconds * 100).rounded() / 100)),
        ]))
    }
}
