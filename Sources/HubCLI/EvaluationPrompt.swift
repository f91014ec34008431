import JSON

/// The prompt `tpv evaluate` scores (`--prompt`): `vector:ID`, `compose:TASKS@LAMBDA[:SEED]`,
/// `random:SEED` (an untrained init) or `none` (the frozen model without a prompt).
public enum EvaluationPrompt: Equatable, Sendable {
    case vector(Int)
    case compose(tasks: String, lambda: Double, seed: Int?)
    case random(seed: Int)
    case none

    public static let forms = "vector:ID, compose:TASKS@LAMBDA[:SEED], random:SEED or none"

    public init(parsing text: String) throws {
        if text == "none" {
            self = .none
        } else if text.hasPrefix(VectorArgument.prefix) {
            self = .vector(try VectorArgument.id(in: text))
        } else if text.hasPrefix("random:") {
            guard let seed = Int(text.dropFirst("random:".count)) else {
                throw ArgumentFormatError("'\(text)': the seed must be an integer, e.g. random:1")
            }
            self = .random(seed: seed)
        } else if text.hasPrefix("compose:") {
            let composition = try CompositionArgument.parse(text.dropFirst("compose:".count), allowingSeed: true,
                                                            form: "compose:TASKS@LAMBDA[:SEED]")
            self = .compose(tasks: composition.tasks, lambda: composition.lambda, seed: composition.seed)
        } else {
            throw ArgumentFormatError("'\(text)' is not a prompt; use \(Self.forms)")
        }
    }

    /// The `prompt` member of POST /evaluate.
    public var json: JSONValue {
        switch self {
        case .vector(let id): return ["vector": .int(id)]
        case .compose(let tasks, let lambda, let seed):
            var members: [(String, JSONValue)] = [("tasks", .string(tasks)), ("lambda", .double(lambda))]
            if let seed { members.append(("seed", .int(seed))) }
            return ["compose": .object(members)]
        case .random(let seed): return ["random": true, "seed": .int(seed)]
        case .none: return ["none": true]
        }
    }
}
