import JSON

/// The body of POST /evaluate built from `tpv evaluate`'s options.
public struct EvaluateRequest: Equatable, Sendable {
    public var model: String
    public var task: String
    public var split: String?
    public var prompt: EvaluationPrompt
    public var limit: Int?

    public init(model: String, task: String, split: String? = nil, prompt: EvaluationPrompt, limit: Int? = nil) {
        self.model = model
        self.task = task
        self.split = split
        self.prompt = prompt
        self.limit = limit
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("model", .string(model)), ("task", .string(task))]
        if let split { members.append(("split", .string(split))) }
        members.append(("prompt", prompt.json))
        if let limit { members.append(("limit", .int(limit))) }
        return .object(members)
    }
}
