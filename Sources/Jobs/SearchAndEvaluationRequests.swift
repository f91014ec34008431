import Datasets
import JSON

/// `POST /evaluate`: score one prompt on one split of a task.
public struct EvaluationRequest: Equatable, Sendable {
    public var model: String
    public var task: String
    public var split: DatasetSplit
    public var prompt: PromptRequest
    /// The seed of a random or composed prompt (default 0).
    public var seed: Int
    /// Score only the first N examples of the split.
    public var limit: Int?

    public static func parse(_ body: JSONValue) throws -> EvaluationRequest {
        var reader = try ObjectReader(body, context: "the evaluation")
        let model = try reader.requiredString("model", example: "all-minilm-l6-v2")
        let task = try reader.requiredString("task", example: "sst2")
        let splitName = try reader.string("split") ?? DatasetSplit.test.rawValue
        guard let split = DatasetSplit(rawValue: splitName), split != .train else {
            throw JobRequestError("'split' must be \"test\" or \"validation\", not \"\(splitName)\"")
        }
        guard let promptValue = reader.value("prompt") else {
            throw JobRequestError("the evaluation needs 'prompt', e.g. {\"vector\": 7}, {\"compose\": {\"tasks\": \"mnli,qnli\", \"lambda\": 0.5, \"seed\": 1}}, {\"random\": true, \"seed\": 1} or {\"none\": true}")
        }
        let (prompt, seed) = try PromptRequest.parse(promptValue, context: "'prompt'", seedAllowed: true, noneAllowed: true)
        let limit = try reader.integer("limit", in: 1...1_000_000)
        try reader.finish()
        return EvaluationRequest(model: model, task: task, split: split, prompt: prompt, seed: seed ?? 0, limit: limit)
    }
}

/// `POST /lambda-search`: the lambda of init(seed) + lambda * sum_i w_i tau_i that scores best
/// on the tasks' validation splits, over a grid from 0 to 1.
public struct LambdaSearchParameters: Equatable, Sendable {
    public var model: String
    /// The composition, in `GET /compose` syntax ("mnli,qnli", "mnli:2,-sst2").
    public var tasks: String
    public var seed: Int
    /// Validation examples per task and lambda (the first N); nil: all.
    public var limit: Int?
    /// Grid spacing: lambda = 0, step, 2 step, ..., 1.
    public var step: Double
    /// How the vectors combine when not by their sum (`method`, `density`, `merge_seed` as in
    /// `GET /compose`): each merge method has its own scale, so each needs its own lambda.
    public var merge: MergeRequest?

    public static func parse(_ body: JSONValue) throws -> LambdaSearchParameters {
        var reader = try ObjectReader(body, context: "the lambda search")
        _ = try reader.string("kind")
        let parameters = LambdaSearchParameters(
            model: try reader.requiredString("model", example: "all-minilm-l6-v2"),
            tasks: try reader.requiredString("tasks", example: "mnli,qnli"),
            seed: try reader.integer("seed", in: TrainParameters.seedRange) ?? 0,
            limit: try reader.integer("limit", in: 1...1_000_000),
            step: try reader.number("step", in: 0.01...1) ?? 0.05,
            merge: nil)
        let merge = MergeRequest(method: try reader.string("method") ?? "sum",
                                 density: try reader.number("density", in: 0...1, excludingLower: true),
                                 seed: try reader.integer("merge_seed", in: TrainParameters.seedRange))
        _ = try merge.resolved(defaultSeed: 0)
        try reader.finish()
        var result = parameters
        result.merge = merge.isSum ? nil : merge
        return result
    }

    /// 0, step, ..., up to 1 (1 included when the step divides it), computed without drift.
    public var grid: [Double] {
        let count = Int((1 / step + 1e-9).rounded(.down))
        return (0...count).map { (Double($0) * step * 1e6).rounded() / 1e6 }
    }

    public var json: JSONValue {
        .object([("kind", "lambda-search"), ("model", .string(model)), ("tasks", .string(tasks)), ("seed", .int(seed)),
                 ("limit", limit.map { .int($0) } ?? .null), ("step", .double(step))] + (merge?.members ?? []))
    }
}

/// A lambda search as queued: the parameters, the task names it scores, and the resolved composition.
public struct LambdaSearchSpec: Equatable, Sendable {
    public var parameters: LambdaSearchParameters
    /// The distinct tasks of the composition, whose validation splits are scored.
    public var tasks: [String]
    /// init(seed) and the vectors with their weights; lambda scales the vectors.
    public var composition: PromptRecipe

    public init(parameters: LambdaSearchParameters, tasks: [String], composition: PromptRecipe) {
        self.parameters = parameters
        self.tasks = tasks
        self.composition = composition
    }

    public var json: JSONValue {
        guard case .object(var members) = parameters.json else { return parameters.json }
        members.append(("scored_tasks", .array(tasks.map { .string($0) })))
        members.append(("composition", composition.json))
        return .object(members)
    }

    public init(json: JSONValue) throws {
        guard case .object(let members) = json, let composition = json["composition"],
              let tasks = json["scored_tasks"]?.arrayValue?.compactMap(\.stringValue) else {
            throw JobRequestError("the stored lambda search lacks its composition")
        }
        parameters = try LambdaSearchParameters.parse(.object(members.filter { $0.0 != "composition" && $0.0 != "scored_tasks" }))
        self.tasks = tasks
        self.composition = try PromptRecipe(json: composition)
    }
}
