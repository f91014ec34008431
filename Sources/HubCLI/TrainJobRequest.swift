import JSON

/// The body of POST /jobs built from `tpv train`'s options. Only what was given is sent, so
/// the hub's defaults (documented in the jobs API) apply to the rest.
public struct TrainJobRequest: Equatable, Sendable {
    public var model: String
    public var task: String
    public var seed: Int?
    public var shots: Int?
    public var epochs: Int?
    public var maxSteps: Int?
    public var learningRate: Double?
    public var batchSize: Int?
    public var promptLength: Int?
    public var maxLength: Int?
    public var weightDecay: Double?
    public var warmup: Double?
    public var validationLimit: Int?
    public var initialization: TrainingInitialization?
    public var storeAs: String?

    public init(model: String, task: String) {
        self.model = model
        self.task = task
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("kind", "train"), ("model", .string(model)), ("task", .string(task))]
        func add(_ name: String, _ value: Int?) { if let value { members.append((name, .int(value))) } }
        func add(_ name: String, _ value: Double?) { if let value { members.append((name, .double(value))) } }
        add("seed", seed)
        if let initialization { members.append(("init", initialization.json)) }
        add("shots", shots)
        add("epochs", epochs)
        add("max_steps", maxSteps)
        add("learning_rate", learningRate)
        add("batch_size", batchSize)
        add("prompt_length", promptLength)
        add("max_length", maxLength)
        add("weight_decay", weightDecay)
        add("warmup", warmup)
        add("validation_limit", validationLimit)
        if let storeAs { members.append(("store_as", .string(storeAs))) }
        return .object(members)
    }
}
