import JSON

/// Which prompt a job starts from, or an evaluation scores, as the request names it.
public enum PromptRequest: Equatable, Sendable {
    /// The init of the seed: the hub's stored one, else drawn by `PromptInitialization`.
    case random
    /// A stored vector's tuned prompt (its init + tau): SPoT-style transfer.
    case vector(id: Int)
    /// init(seed) + lambda * sum_i w_i tau_i, the composition of `GET /compose` (`tasks` in its syntax).
    case compose(tasks: String, lambda: Double)
    /// No prompt: the plain model (evaluation only).
    case none

    /// Reads `{"random": true}`, `{"vector": id}`, `{"compose": {"tasks": ..., "lambda": ...}}` or
    /// `{"none": true}`. `seedAllowed`: evaluation names the seed inside the prompt; a job has its own.
    static func parse(_ value: JSONValue, context: String, seedAllowed: Bool,
                      noneAllowed: Bool) throws -> (request: PromptRequest, seed: Int?) {
        var reader = try ObjectReader(value, context: context)
        let forms = ["random", "vector", "compose"] + (noneAllowed ? ["none"] : [])
        let given = reader.keys.filter { forms.contains($0) }
        guard given.count == 1 else {
            throw JobRequestError("\(context) must name exactly one of \(forms.map { "'\($0)'" }.joined(separator: ", ")), e.g. {\"random\": true}; it names \(given.isEmpty ? "none" : given.joined(separator: ", "))")
        }
        let request: PromptRequest
        var seed: Int?
        switch given[0] {
        case "random":
            guard try reader.bool("random") == true else { throw JobRequestError("write \"random\": true in \(context)") }
            request = .random
        case "none":
            guard try reader.bool("none") == true else { throw JobRequestError("write \"none\": true in \(context)") }
            request = .none
        case "vector":
            guard let id = try reader.integer("vector", in: 1...Int.max) else {
                throw JobRequestError("'vector' in \(context) must be a vector id, e.g. {\"vector\": 7}")
            }
            request = .vector(id: id)
        default:
            guard let compose = reader.value("compose") else {
                throw JobRequestError("'compose' in \(context) must be an object, e.g. {\"compose\": {\"tasks\": \"mnli,qnli\", \"lambda\": 0.5}}")
            }
            var inner = try ObjectReader(compose, context: "\(context).compose")
            let tasks = try inner.requiredString("tasks", example: "mnli,qnli")
            let lambda = try inner.number("lambda", in: -100...100) ?? 1
            if seedAllowed { seed = try inner.integer("seed", in: TrainParameters.seedRange) }
            try inner.finish()
            request = .compose(tasks: tasks, lambda: lambda)
        }
        if seedAllowed, request == .random { seed = try reader.integer("seed", in: TrainParameters.seedRange) }
        try reader.finish()
        return (request, seed)
    }

    public var isVector: Bool {
        if case .vector = self { return true }
        return false
    }

    public var json: JSONValue {
        switch self {
        case .random: return ["random": true]
        case .none: return ["none": true]
        case .vector(let id): return ["vector": .int(id)]
        case .compose(let tasks, let lambda): return ["compose": ["tasks": .string(tasks), "lambda": .double(lambda)]]
        }
    }
}
