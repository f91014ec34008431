import Datasets

/// A validated JSONL file to store as one split of a task.
public struct DatasetUpload: Sendable {
    public var task: String
    public var split: DatasetSplit
    /// What validation found; `summary.schema` is the task schema the lines were checked against.
    public var summary: DatasetSummary
    /// The file as uploaded.
    public var jsonl: [UInt8]

    public init(task: String, split: DatasetSplit, summary: DatasetSummary, jsonl: [UInt8]) {
        self.task = task
        self.split = split
        self.summary = summary
        self.jsonl = jsonl
    }
}
