/// One labelled input: a text (or a text pair, `[CLS] text [SEP] textPair [SEP]`) with
/// a class index for classification or a score for regression.
public struct TrainingExample: Equatable, Hashable, Sendable {
    public var text: String
    public var textPair: String?
    /// Index into `TaskSpec.labels`.
    public var label: Int?
    public var score: Double?

    public init(text: String, textPair: String? = nil, label: Int? = nil, score: Double? = nil) {
        self.text = text
        self.textPair = textPair
        self.label = label
        self.score = score
    }
}
