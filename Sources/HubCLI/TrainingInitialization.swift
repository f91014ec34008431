import JSON

/// Where a training job's soft prompt starts (`--init`): `random`, `vector:ID` (a stored
/// vector added to the seed's random init) or `compose:TASKS@LAMBDA`.
public enum TrainingInitialization: Equatable, Sendable {
    case random
    case vector(Int)
    case compose(tasks: String, lambda: Double)

    public static let forms = "random, vector:ID or compose:TASKS@LAMBDA"

    public init(parsing text: String) throws {
        if text == "random" {
            self = .random
        } else if text.hasPrefix(VectorArgument.prefix) {
            self = .vector(try VectorArgument.id(in: text))
        } else if text.hasPrefix("compose:") {
            let composition = try CompositionArgument.parse(text.dropFirst("compose:".count), allowingSeed: false,
                                                            form: "compose:TASKS@LAMBDA")
            self = .compose(tasks: composition.tasks, lambda: composition.lambda)
        } else {
            throw ArgumentFormatError("'\(text)' is not an initialisation; use \(Self.forms)")
        }
    }

    /// The `init` member of POST /jobs.
    public var json: JSONValue {
        switch self {
        case .random: ["random": true]
        case .vector(let id): ["vector": .int(id)]
        case .compose(let tasks, let lambda): ["compose": ["tasks": .string(tasks), "lambda": .double(lambda)]]
        }
    }
}
