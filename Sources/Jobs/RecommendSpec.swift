import JSON

/// A recommendation as accepted: the parameters, and the stored tensors they name resolved to
/// digests (the seed's init, each candidate's vector, the target's own vectors for similarity), so
/// a queued recommendation scores exactly what was asked, whatever is uploaded meanwhile.
public struct RecommendSpec: Equatable, Sendable {
    /// A stored task prompt vector by digest.
    public struct Vector: Equatable, Sendable {
        public var id: Int
        public var task: String
        public var seed: Int
        public var sha256: String
        public var shape: [Int]

        public init(id: Int, task: String, seed: Int, sha256: String, shape: [Int]) {
            self.id = id
            self.task = task
            self.seed = seed
            self.sha256 = sha256
            self.shape = shape
        }

        /// What the answer shows of it: id, task, seed.
        public var reference: JSONValue { .object([("id", .int(id)), ("task", .string(task)), ("seed", .int(seed))]) }

        var json: JSONValue {
            .object([("id", .int(id)), ("task", .string(task)), ("seed", .int(seed)), ("sha256", .string(sha256)),
                     ("shape", PromptRecipe.shapeJSON(shape))])
        }

        init(json: JSONValue) throws {
            guard let id = json["id"]?.intValue, let task = json["task"]?.stringValue, let seed = json["seed"]?.intValue,
                  let sha = json["sha256"]?.stringValue else {
                throw JobRequestError("stored recommendation has a malformed vector")
            }
            self.init(id: id, task: task, seed: seed, sha256: sha, shape: try PromptRecipe.shape(json["shape"]))
        }
    }

    /// A task left out of the default candidates, and why (another prompt shape, say).
    public struct Skipped: Equatable, Sendable {
        public var task: String
        public var reason: String

        public init(task: String, reason: String) {
            self.task = task
            self.reason = reason
        }
    }

    /// Work up to this many tokens read by the encoder (prompts scored x tokens per pass, see
    /// `RecommendExamples.tokensPerPass`) is answered within the request; more becomes a job.
    /// Measured on all-MiniLM-L6-v2 with this code on a shared 2-core machine: 0.55 to 0.7 ms of CPU
    /// time per token, alike for single sentences (sst2, 35 tokens an example with P = 20) and pairs
    /// (rte, 96); 8 prompts on 20 rte examples (12,888 tokens) took 8.4 s of CPU and 4.6 s of wall
    /// time at load 3 (18 s at load 8). The limit thus answers in about 7 s: a handful of prompts on
    /// a few dozen examples.
    public static let inRequestTokens = 20_000

    public var parameters: RecommendParameters
    public var initial: PromptRecipe.InitSource
    public var candidates: [Vector]
    public var targets: [Vector]
    public var skipped: [Skipped]

    public init(parameters: RecommendParameters, initial: PromptRecipe.InitSource, candidates: [Vector], targets: [Vector],
                skipped: [Skipped]) {
        self.parameters = parameters
        self.initial = initial
        self.candidates = candidates
        self.targets = targets
        self.skipped = skipped
    }

    /// The prompts ranked, as indices into `candidates`: each candidate alone, then (with `pairs`)
    /// every pair (a, b) with a before b in candidate order.
    public var entries: [[Int]] {
        let singles = candidates.indices.map { [$0] }
        guard parameters.pairs else { return singles }
        return singles + candidates.indices.flatMap { a in (a + 1..<candidates.count).map { [a, $0] } }
    }

    /// Prompts scored: the plain model and the random init once, every entry at every lambda of the grid.
    public var evaluationCount: Int { 2 + entries.count * parameters.grid.count }

    /// Whether the work is small enough to answer within the request.
    public func runsInRequest(tokensPerPass: Int) -> Bool {
        !parameters.job && evaluationCount * tokensPerPass <= Self.inRequestTokens
    }

    public var json: JSONValue {
        guard case .object(var members) = parameters.json else { return parameters.json }
        members += [
            ("init", initial.json),
            ("candidate_vectors", .array(candidates.map(\.json))),
            ("target_vectors", .array(targets.map(\.json))),
            ("skipped", .array(skipped.map { .object([("task", .string($0.task)), ("reason", .string($0.reason))]) })),
        ]
        return .object(members)
    }

    static let resolvedKeys: Set<String> = ["init", "candidate_vectors", "target_vectors", "skipped"]

    public init(json: JSONValue) throws {
        guard case .object(let members) = json, let initial = json["init"] else {
            throw JobRequestError("the stored recommendation lacks its resolved vectors")
        }
        parameters = try RecommendParameters.parse(.object(members.filter { !Self.resolvedKeys.contains($0.0) }))
        self.initial = try PromptRecipe.InitSource(json: initial)
        candidates = try (json["candidate_vectors"]?.arrayValue ?? []).map(Vector.init(json:))
        targets = try (json["target_vectors"]?.arrayValue ?? []).map(Vector.init(json:))
        skipped = (json["skipped"]?.arrayValue ?? []).compactMap { item in
            item["task"]?.stringValue.map { Skipped(task: $0, reason: item["reason"]?.stringValue ?? "") }
        }
    }
}
