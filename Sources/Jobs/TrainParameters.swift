import JSON
import Training

/// What a `POST /jobs` training request asks for, validated, with every default filled in.
/// Its JSON (with the resolved `start`) is what the queue stores and `GET /jobs/{id}` shows.
public struct TrainParameters: Equatable, Sendable {
    public static let seedRange = 0...Int(Int32.max)

    public var model: String
    public var task: String
    public var seed: Int
    public var initialization: PromptRequest
    /// k examples drawn from the train split keeping its class distribution; nil: all of it.
    public var shots: Int?
    public var epochs: Int
    public var maxSteps: Int?
    public var learningRate: Double
    public var batchSize: Int
    public var promptLength: Int
    public var maxLength: Int
    public var weightDecay: Double
    public var warmup: Double
    /// Validation examples per evaluation (the first N of the split); nil: all.
    public var validationLimit: Int?
    /// Evaluate every N steps instead of after each epoch.
    public var evaluationInterval: Int?
    /// The task name the resulting vector is stored under.
    public var storeAs: String

    /// Reads a request body. Names (model, task, store_as) are checked by the caller, which
    /// knows the hub's naming rules; everything numeric is checked here.
    public static func parse(_ body: JSONValue) throws -> TrainParameters {
        var reader = try ObjectReader(body, context: "the job")
        _ = try reader.string("kind")
        let defaults = TrainingConfiguration()
        let model = try reader.requiredString("model", example: "all-minilm-l6-v2")
        let task = try reader.requiredString("task", example: "sst2")
        let initialization = try reader.value("init").map {
            try PromptRequest.parse($0, context: "'init'", seedAllowed: false, noneAllowed: false).request
        } ?? .random
        let parameters = TrainParameters(
            model: model, task: task,
            seed: try reader.integer("seed", in: seedRange) ?? 0,
            initialization: initialization,
            shots: try reader.integer("shots", in: 1...1_000_000),
            epochs: try reader.integer("epochs", in: 1...1000) ?? defaults.epochs,
            maxSteps: try reader.integer("max_steps", in: 1...10_000_000),
            learningRate: try reader.number("learning_rate", in: 0...10, excludingLower: true) ?? Self.shortest(defaults.learningRate),
            batchSize: try reader.integer("batch_size", in: 1...1024) ?? defaults.batchSize,
            promptLength: try reader.integer("prompt_length", in: 1...500) ?? defaults.promptLength,
            maxLength: try reader.integer("max_length", in: 3...512) ?? defaults.maxSequenceLength,
            weightDecay: try reader.number("weight_decay", in: 0...1) ?? Self.shortest(defaults.weightDecay),
            warmup: try reader.number("warmup", in: 0...1) ?? defaults.warmupFraction,
            validationLimit: try reader.integer("validation_limit", in: 1...1_000_000),
            evaluationInterval: try reader.integer("evaluation_interval", in: 1...10_000_000),
            storeAs: try reader.string("store_as") ?? task)
        try reader.finish()
        return parameters
    }

    /// A Float default as the decimal it was written as (0.01, not 0.009999999776482582), so a job's
    /// parameters read as given; it converts back to the same Float.
    static func shortest(_ value: Float) -> Double { Double("\(value)") ?? Double(value) }

    /// The trainer's knobs for this job.
    public var configuration: TrainingConfiguration {
        var c = TrainingConfiguration()
        c.seed = UInt64(seed)
        c.epochs = epochs
        c.maxSteps = maxSteps
        c.learningRate = Float(learningRate)
        c.batchSize = batchSize
        c.promptLength = promptLength
        c.maxSequenceLength = maxLength
        c.weightDecay = Float(weightDecay)
        c.warmupFraction = warmup
        c.evaluationInterval = evaluationInterval
        return c
    }

    public var json: JSONValue {
        func optional(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }
        return .object([
            ("kind", "train"), ("model", .string(model)), ("task", .string(task)), ("seed", .int(seed)),
            ("init", initialization.json), ("shots", optional(shots)), ("epochs", .int(epochs)),
            ("max_steps", optional(maxSteps)), ("learning_rate", .double(learningRate)),
            ("batch_size", .int(batchSize)), ("prompt_length", .int(promptLength)), ("max_length", .int(maxLength)),
            ("weight_decay", .double(weightDecay)), ("warmup", .double(warmup)),
            ("validation_limit", optional(validationLimit)), ("evaluation_interval", optional(evaluationInterval)),
            ("store_as", .string(storeAs)),
        ])
    }
}

/// A training job as queued: the parameters and the prompt they start from, resolved.
public struct TrainJobSpec: Equatable, Sendable {
    public var parameters: TrainParameters
    public var start: PromptRecipe
    /// The init of (model, seed) that the stored tau is measured from (tuned = init + tau), whatever
    /// the start: the hub's invariant that lets /compose apply any stored vector to its seed's init.
    public var reference: PromptRecipe.InitSource

    public init(parameters: TrainParameters, start: PromptRecipe, reference: PromptRecipe.InitSource) {
        self.parameters = parameters
        self.start = start
        self.reference = reference
    }

    /// The text of the job's `parameters` column.
    public var json: JSONValue {
        guard case .object(var members) = parameters.json else { return parameters.json }
        members.append(("start", start.json))
        members.append(("reference_init", reference.json))
        return .object(members)
    }

    /// Reads back what `json` wrote.
    public init(json: JSONValue) throws {
        guard case .object(let members) = json, let start = json["start"], let reference = json["reference_init"] else {
            throw JobRequestError("the stored job has no resolved start prompt")
        }
        parameters = try TrainParameters.parse(.object(members.filter { $0.0 != "start" && $0.0 != "reference_init" }))
        self.start = try PromptRecipe(json: start)
        self.reference = try PromptRecipe.InitSource(json: reference)
    }
}
