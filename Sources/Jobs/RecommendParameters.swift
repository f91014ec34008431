import Datasets
import JSON

/// What a `POST /recommend` asks for, validated, with defaults filled in: which stored source
/// vectors (and pairs of them) to initialise a target task from, judged on its labelled examples.
public struct RecommendParameters: Equatable, Sendable {
    /// Where the target task's examples come from.
    public enum Examples: Equatable, Sendable {
        /// A stored split of the target task; `shots`: k examples drawn with the seed, exactly as a
        /// training job with that seed and `shots` draws them (`FewShotSampler`); nil: all.
        case dataset(split: DatasetSplit, shots: Int?)
        /// JSONL lines sent with the request (the format of `POST /datasets`).
        case inline(String)
    }

    /// The lambdas a search tries: a small grid, since every point is one more pass over the
    /// examples per candidate, and the scale of a single vector rarely matters finer than this.
    public static let searchGrid: [Double] = [0.25, 0.5, 0.75, 1]
    public static let minimumExamples = 5
    /// Zero-shot scores of a few thousand examples already separate candidates; more is a job for
    /// `POST /evaluate` on the test split.
    public static let maximumExamples = 2000
    public static let defaultFolds = 5

    public var model: String
    public var task: String
    public var examples: Examples
    /// Class names in class-index order for inline examples of a task the hub has no datasets of.
    public var labels: [String]?
    /// Source tasks to rank; nil: every task with a vector for the model, except the target.
    public var candidates: [String]?
    /// Also rank every pair of candidates (init + lambda * (tau_a + tau_b)).
    public var pairs: Bool
    /// The init's seed; candidates use their vector of this seed when they have one.
    public var seed: Int
    /// The lambda of init + lambda * tau when there is no search.
    public var lambda: Double
    /// Pick lambda per candidate from `searchGrid`, scored by cross-validation.
    public var search: Bool
    /// Folds of the cross-validation (search only); nil: min(5, examples).
    public var folds: Int?
    /// Resamples of the bootstrap intervals.
    public var resamples: Int
    /// Run as a job even when the work is small.
    public var job: Bool

    public static func parse(_ body: JSONValue) throws -> RecommendParameters {
        var reader = try ObjectReader(body, context: "the recommendation")
        let model = try reader.requiredString("model", example: "all-minilm-l6-v2")
        let task = try reader.requiredString("task", example: "rte")
        guard let examplesValue = reader.value("examples") else {
            throw JobRequestError(#"the recommendation needs 'examples': {"dataset": "train", "shots": 16} (a stored split of the task) or a string of JSONL lines"#)
        }
        let examples = try parseExamples(examplesValue)
        var labels: [String]?
        if let value = reader.value("labels") {
            guard case .inline = examples else {
                throw JobRequestError("'labels' applies to inline examples only; a stored split has its task's labels")
            }
            labels = try strings(value, "'labels' must be a non-empty array of class names in class order, e.g. [\"entailment\", \"not_entailment\"]")
        }
        var candidates: [String]?
        if let value = reader.value("candidates") {
            let names = try strings(value, "'candidates' must be a non-empty array of task names, e.g. [\"mnli\", \"qnli\"]; leave it out to rank every task with a vector")
            for (index, name) in names.enumerated() where names[..<index].contains(name) {
                throw JobRequestError("'candidates' lists '\(name)' twice")
            }
            candidates = names
        }
        let search = try reader.bool("search") ?? false
        let lambda = try reader.number("lambda", in: 0...10, excludingLower: true)
        if search, lambda != nil {
            throw JobRequestError("give 'lambda' or \"search\": true, not both: the search picks lambda from \(searchGrid)")
        }
        let folds = try reader.integer("folds", in: 2...maximumExamples)
        if folds != nil, !search {
            throw JobRequestError("'folds' applies only with \"search\": true: with a fixed lambda nothing is fitted to the examples, so there is nothing to cross-validate (the interval is a bootstrap)")
        }
        let parameters = RecommendParameters(
            model: model, task: task, examples: examples, labels: labels, candidates: candidates,
            pairs: try reader.bool("pairs") ?? false,
            seed: try reader.integer("seed", in: TrainParameters.seedRange) ?? 0,
            lambda: lambda ?? 1, search: search, folds: folds,
            resamples: try reader.integer("resamples", in: 100...10_000) ?? 1000,
            job: try reader.bool("job") ?? false)
        try reader.finish()
        return parameters
    }

    /// A non-empty array of strings, else `message`.
    private static func strings(_ value: JSONValue, _ message: String) throws -> [String] {
        let names = value.arrayValue?.compactMap(\.stringValue) ?? []
        guard !names.isEmpty, names.count == value.arrayValue?.count else { throw JobRequestError(message) }
        return names
    }

    private static func parseExamples(_ value: JSONValue) throws -> Examples {
        if let text = value.stringValue {
            guard !text.isEmpty else { throw JobRequestError("'examples' is an empty string; send JSONL lines, one example per line") }
            return .inline(text)
        }
        var reader = try ObjectReader(value, context: "'examples'")
        let name = try reader.requiredString("dataset", example: "train")
        guard let split = DatasetSplit(rawValue: name) else {
            throw JobRequestError("'dataset' in 'examples' must be \"train\", \"validation\" or \"test\", not \"\(name)\"")
        }
        let shots = try reader.integer("shots", in: minimumExamples...maximumExamples)
        try reader.finish()
        return .dataset(split: split, shots: shots)
    }

    /// The lambdas each candidate is scored at.
    public var grid: [Double] { search ? Self.searchGrid : [lambda] }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("model", .string(model)), ("task", .string(task))]
        switch examples {
        case .dataset(let split, let shots):
            members.append(("examples", .object([("dataset", .string(split.rawValue))] + (shots.map { [("shots", JSONValue.int($0))] } ?? []))))
        case .inline(let text):
            members.append(("examples", .string(text)))
        }
        if let labels { members.append(("labels", .array(labels.map { .string($0) }))) }
        if let candidates { members.append(("candidates", .array(candidates.map { .string($0) }))) }
        members += [("pairs", .bool(pairs)), ("seed", .int(seed))]
        members.append(search ? ("search", .bool(true)) : ("lambda", .double(lambda)))
        if let folds { members.append(("folds", .int(folds))) }
        members += [("resamples", .int(resamples)), ("job", .bool(job))]
        return .object(members)
    }
}
