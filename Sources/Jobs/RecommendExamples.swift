import Datasets
import JSON
import Model
import Store
import Training

/// The target task's labelled examples that a recommendation scores candidates on, with the
/// task's `TaskSpec` (its stored one when the hub has datasets of it).
public struct RecommendExamples {
    public let spec: TaskSpec
    public let examples: [TrainingExample]
    /// Where they came from, for the answer: source, split, shots, the split's SHA-256.
    public let description: JSONValue

    public var count: Int { examples.count }

    /// The tokens the encoder reads to score one prompt of `promptLength` rows on these examples:
    /// per example, the prompt's rows plus its own tokens, truncated as the trainer truncates them.
    /// Scoring time is close to proportional to it (see `RecommendSpec.inRequestTokens`).
    public func tokensPerPass(model: BertModel, promptLength: Int) throws -> Int {
        let maxLength = min(TrainingConfiguration().maxSequenceLength, model.config.maxPositions - promptLength)
        var total = 0
        for example in examples {
            total += promptLength + (try model.tokenizer.encode(example.text, pair: example.textPair, maxLength: maxLength)).inputIds.count
        }
        return total
    }

    /// Loads and checks the examples. A bad inline line throws its `DatasetError` (which names the
    /// line); anything else a `JobRequestError`.
    public static func load(_ p: RecommendParameters, store: HubStore) throws -> RecommendExamples {
        let loaded: RecommendExamples
        switch p.examples {
        case .dataset(let split, let shots):
            let data = try TaskData.load(p.task, store: store)
            let record = try data.record(split)
            var examples = try data.examples(split, store: store)
            if let shots {
                guard shots <= examples.count else {
                    throw JobRequestError("'shots' is \(shots) but the \(split.rawValue) split of task '\(p.task)' has \(examples.count) examples; ask for at most \(examples.count)")
                }
                examples = try FewShotSampler.sample(examples, count: shots, task: data.spec, seed: UInt64(p.seed))
            }
            var description: [(String, JSONValue)] = [("source", "dataset"), ("split", .string(split.rawValue))]
            if let shots { description.append(("shots", .int(shots))) }
            description.append(("sha256", .string(record.sha256)))
            loaded = RecommendExamples(spec: data.spec, examples: examples, description: .object(description))
        case .inline(let text):
            loaded = try inline(text, labels: p.labels, task: p.task, store: store)
        }
        guard loaded.count >= RecommendParameters.minimumExamples else {
            throw JobRequestError("a recommendation needs at least \(RecommendParameters.minimumExamples) examples of '\(p.task)'; it has \(loaded.count)")
        }
        guard loaded.count <= RecommendParameters.maximumExamples else {
            throw JobRequestError("a recommendation scores at most \(RecommendParameters.maximumExamples) examples; these are \(loaded.count): ask for {\"dataset\": ..., \"shots\": N}")
        }
        return loaded
    }

    /// JSONL lines of the request, checked against the task's stored schema when the hub has one,
    /// else against each other (labels: as given, else in order of first appearance).
    static func inline(_ text: String, labels: [String]?, task: String, store: HubStore) throws -> RecommendExamples {
        let stored = try store.datasets.task(task)
        if let stored, let labels, labels != stored.schema.labels {
            throw JobRequestError("task '\(task)' has the labels \(stored.schema.labels) from its datasets; leave 'labels' out or give the same list", kind: .conflict)
        }
        if let labels {
            do { try Labels.validate(labels) } catch let error as DatasetError {
                throw JobRequestError("'labels': \(error.description)")
            }
        }
        let constraints = stored.map { DatasetConstraints(schema: $0.schema) } ?? DatasetConstraints(labels: labels)
        let (summary, lines) = try DatasetReader.examples(Array(text.utf8), constraints: constraints)
        let spec: TaskSpec
        do {
            spec = try stored.map(TaskData.spec) ?? specOfLines(summary)
        } catch let error as TrainingError {
            throw JobRequestError("the inline examples cannot be scored: \(error.message)")
        }
        return RecommendExamples(spec: spec, examples: lines.map(TrainingExample.init),
                                 description: .object([("source", "inline")]))
    }

    /// The classes of the lines, or regression over the range of their scores.
    private static func specOfLines(_ summary: DatasetSummary) throws -> TaskSpec {
        switch summary.statistics {
        case .labelCounts: return try TaskSpec.classification(labels: summary.schema.labels)
        case .scores(let scores): return try TaskSpec.regression(range: scores.min...max(scores.max, scores.min + 1))
        }
    }
}
