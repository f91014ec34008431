import Foundation

/// What is learnt: classes (their order gives the indices) or a score in a range.
///
/// The parameter-free head compares the prompted sentence embedding with the plain
/// embeddings of *label words*. For classification the words are the label names made
/// readable: underscores become spaces, runs of whitespace collapse, nothing else
/// changes ("not_entailment" -> "not entailment", "sci/tech" and "very negative" stay;
/// the tokenizer lowercases for an uncased model). A regression task has two anchor
/// words; its prediction interpolates between the ends of the score range by the
/// softmax probability of the high anchor (see `PromptTrainer`).
public struct TaskSpec: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case classification(labels: [String])
        case regression(range: ClosedRange<Double>, lowAnchor: String, highAnchor: String)
    }

    public let kind: Kind

    public static func classification(labels: [String]) throws -> TaskSpec {
        guard labels.count >= 2 else {
            throw TrainingError("a classification task needs at least 2 labels, got \(labels); list the class names in index order")
        }
        guard Set(labels).count == labels.count else {
            throw TrainingError("the labels \(labels) repeat a name; each class needs its own name")
        }
        let words = labels.map(labelWord)
        guard !words.contains(where: \.isEmpty) else {
            throw TrainingError("the labels \(labels) include an empty name; each class needs a name the model can read")
        }
        return TaskSpec(kind: .classification(labels: labels))
    }

    /// Scores in `range` (STS-B: 0...5). The anchors default to words whose meaning
    /// spans the range of a similarity task.
    public static func regression(range: ClosedRange<Double>, lowAnchor: String = "different",
                                  highAnchor: String = "similar") throws -> TaskSpec {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
            throw TrainingError("the score range \(range) must be finite and not empty, e.g. 0...5")
        }
        guard !labelWord(lowAnchor).isEmpty, !labelWord(highAnchor).isEmpty, lowAnchor != highAnchor else {
            throw TrainingError("the regression anchors \"\(lowAnchor)\" and \"\(highAnchor)\" must be two different words")
        }
        return TaskSpec(kind: .regression(range: range, lowAnchor: lowAnchor, highAnchor: highAnchor))
    }

    public var isRegression: Bool {
        if case .regression = kind { return true }
        return false
    }

    /// Class names (classification) or the two anchors (regression), in index order.
    public var labels: [String] {
        switch kind {
        case .classification(let labels): return labels
        case .regression(_, let low, let high): return [low, high]
        }
    }

    /// The texts whose embeddings are the head's rows, one per entry of `labels`.
    public var labelWords: [String] { labels.map(Self.labelWord) }

    /// "not_entailment" -> "not entailment": underscores to spaces, whitespace collapsed.
    public static func labelWord(_ name: String) -> String {
        name.replacingOccurrences(of: "_", with: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Checks that every example carries what this task needs.
    public func validate(_ examples: [TrainingExample], role: String) throws {
        for (index, example) in examples.enumerated() {
            switch kind {
            case .classification(let labels):
                guard let label = example.label, labels.indices.contains(label) else {
                    throw TrainingError("\(role) example \(index) has label \(example.label.map(String.init) ?? "none"); it needs a class index in 0..<\(labels.count) (\(labels.joined(separator: ", ")))")
                }
            case .regression:
                guard let score = example.score, score.isFinite else {
                    throw TrainingError("\(role) example \(index) has no finite score; a regression task needs a score on every example")
                }
            }
        }
    }
}
