/// One validated line of a dataset: the input text(s) and the target.
public struct Example: Equatable, Sendable {
    /// The first (or only) input text; never empty.
    public let text: String
    /// The second input text of pair tasks (premise/hypothesis, question/sentence).
    public let textPair: String?
    public let target: Target

    public init(text: String, textPair: String?, target: Target) {
        self.text = text
        self.textPair = textPair
        self.target = target
    }

    /// A class index into the task's labels, or a regression score.
    public enum Target: Equatable, Sendable {
        case label(Int)
        case score(Double)
    }
}
