import JSON
import PromptVectors

/// Which prompt a job starts from, or an evaluation scores, as the request names it.
public enum PromptRequest: Equatable, Sendable {
    /// The init of the seed: the hub's stored one, else drawn by `PromptInitialization`.
    case random
    /// A stored vector's tuned prompt (its init + tau): SPoT-style transfer.
    case vector(id: Int)
    /// init(seed) + lambda * sum_i w_i tau_i, the composition of `GET /compose` (`tasks` in its syntax);
    /// with `merge`, init(seed) + lambda * merge(w_i tau_i) by one of its other methods.
    case compose(tasks: String, lambda: Double, merge: MergeRequest? = nil)
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
            let merge = MergeRequest(method: try inner.string("method") ?? "sum",
                                     density: try inner.number("density", in: 0...1, excludingLower: true),
                                     seed: try inner.integer("merge_seed", in: TrainParameters.seedRange))
            _ = try merge.resolved(defaultSeed: 0)
            try inner.finish()
            request = .compose(tasks: tasks, lambda: lambda, merge: merge.isSum ? nil : merge)
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
        case .compose(let tasks, let lambda, let merge):
            return ["compose": .object([("tasks", .string(tasks)), ("lambda", .double(lambda))] + (merge?.members ?? []))]
        }
    }
}

/// A merge method of `GET /compose` (`method`, `density`, `merge_seed`) as a request names it; dare's
/// seed defaults to the composition's seed when it is resolved.
public struct MergeRequest: Equatable, Sendable {
    public var method: String
    public var density: Double?
    public var seed: Int?

    public init(method: String, density: Double? = nil, seed: Int? = nil) {
        self.method = method
        self.density = density
        self.seed = seed
    }

    /// Plain `sum` without parameters: the composition without a merge.
    var isSum: Bool { method == "sum" && density == nil && seed == nil }

    public func resolved(defaultSeed: Int) throws -> MergeMethod {
        do {
            return try MergeMethod(name: method, density: density, seed: seed.map { UInt64($0) }, defaultSeed: UInt64(defaultSeed))
        } catch let error as MergeMethod.ParameterError {
            throw JobRequestError(error.description)
        }
    }

    public var members: [(String, JSONValue)] {
        [("method", .string(method))] + (density.map { [("density", JSONValue.double($0))] } ?? [])
            + (seed.map { [("merge_seed", JSONValue.int($0))] } ?? [])
    }
}
