import Datasets
import Store
import Training

/// A task's stored datasets as the trainer sees them: its `TaskSpec` and each split's examples.
struct TaskData {
    let name: String
    let spec: TaskSpec
    let splits: [DatasetSplit: DatasetRecord]

    /// The task's schema and splits; 404-style errors say how to upload what is missing.
    static func load(_ name: String, store: HubStore) throws -> TaskData {
        guard let task = try store.datasets.task(name) else {
            throw JobRequestError("task '\(name)' has no datasets; upload them with POST /datasets/\(name)?split=train (see GET /datasets)", kind: .notFound)
        }
        return TaskData(name: name, spec: try spec(task), splits: Dictionary(uniqueKeysWithValues: task.splits.map { ($0.split, $0) }))
    }

    /// Classes in the stored label order; regression over the range the splits' scores span.
    static func spec(_ task: DatasetTask) throws -> TaskSpec {
        do {
            switch task.schema.kind {
            case .classification:
                return try TaskSpec.classification(labels: task.schema.labels)
            case .regression:
                var low = Double.infinity, high = -Double.infinity
                for split in task.splits {
                    if case .scores(let summary) = split.statistics {
                        low = min(low, summary.min)
                        high = max(high, summary.max)
                    }
                }
                return try TaskSpec.regression(range: low...max(high, low + 1))
            }
        } catch let error as TrainingError {
            throw JobRequestError("task '\(task.name)' cannot be trained: \(error.message)")
        }
    }

    func record(_ split: DatasetSplit) throws -> DatasetRecord {
        guard let record = splits[split] else {
            throw JobRequestError("task '\(name)' has no \(split.rawValue) split; upload it with POST /datasets/\(name)?split=\(split.rawValue)", kind: .notFound)
        }
        return record
    }

    /// The split's examples in file order (the first `limit` when given).
    func examples(_ split: DatasetSplit, limit: Int? = nil, store: HubStore) throws -> [TrainingExample] {
        let record = try record(split)
        let bytes = try store.blobs.read(record.sha256)
        let (_, examples) = try DatasetReader.examples(bytes, constraints: DatasetConstraints(schema: record.schema))
        return examples.prefix(limit ?? examples.count).map(TrainingExample.init)
    }
}

extension TrainingExample {
    /// A validated dataset line as a training example (class index or score).
    public init(_ example: Example) {
        switch example.target {
        case .label(let index): self.init(text: example.text, textPair: example.textPair, label: index)
        case .score(let score): self.init(text: example.text, textPair: example.textPair, score: score)
        }
    }
}
