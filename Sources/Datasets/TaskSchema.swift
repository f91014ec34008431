/// What a task predicts: a class (`label`) or a number (`score`).
public enum DatasetKind: String, Sendable {
    case classification, regression

    /// The member that carries the target in a JSONL line.
    public var targetKey: String { self == .classification ? "label" : "score" }
}

/// What a task reads: one text, or a pair of texts (`text` and `text_pair`).
public enum InputForm: String, Sendable {
    case single, pair
}

/// The shape every dataset of one task shares. For classification, `labels` are the class names
/// in class-index order (a scoring head's output i is `labels[i]`); for regression they are empty.
public struct TaskSchema: Equatable, Sendable {
    public let kind: DatasetKind
    public let input: InputForm
    public let labels: [String]

    public init(kind: DatasetKind, input: InputForm, labels: [String]) {
        self.kind = kind
        self.input = input
        self.labels = labels
    }
}
