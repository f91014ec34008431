/// What the lines of an upload must agree with besides each other: the stored schema of the
/// task, or a label order the uploader gave. Anything left nil is taken from the lines.
public struct DatasetConstraints: Sendable {
    public var kind: DatasetKind?
    public var input: InputForm?
    /// The label set in class-index order; a label outside it is an error. Nil: the labels are
    /// collected from the lines in order of first appearance.
    public var labels: [String]?

    /// Constraints; none given means the lines only have to agree with each other.
    public init(kind: DatasetKind? = nil, input: InputForm? = nil, labels: [String]? = nil) {
        self.kind = kind
        self.input = input
        self.labels = labels
    }

    /// Everything fixed by a stored task: later splits must match the first one.
    public init(schema: TaskSchema) {
        self.init(kind: schema.kind, input: schema.input, labels: schema.labels)
    }
}

/// What a class name may be.
public enum Labels {
    /// More classes than any classification benchmark has; it bounds what one upload can store.
    public static let maximumCount = 1000
    public static let maximumBytes = 256

    /// Why `label` cannot name a class, or nil when it can.
    public static func problem(with label: String) -> String? {
        if label.allSatisfy(\.isWhitespace) { return "must not be empty or only whitespace" }
        if label.utf8.count > maximumBytes { return "is longer than \(maximumBytes) bytes" }
        return nil
    }

    /// Checks a label order given by an uploader (`labels=a,b,c`): valid, distinct names, not too many.
    public static func validate(_ labels: [String]) throws {
        guard !labels.isEmpty else { throw DatasetError(line: nil, "the label list is empty") }
        guard labels.count <= maximumCount else {
            throw DatasetError(line: nil, "\(labels.count) labels given; at most \(maximumCount) are supported")
        }
        var seen = Set<String>()
        for label in labels {
            if let problem = problem(with: label) { throw DatasetError(line: nil, "label \(quoted(label)) \(problem)") }
            guard seen.insert(label).inserted else {
                throw DatasetError(line: nil, "label \(quoted(label)) is listed twice; each class is named once")
            }
        }
    }

    /// A label as messages show it: in quotes, cut after 80 characters.
    static func quoted(_ label: String) -> String {
        label.count > 80 ? "\"\(label.prefix(80))...\"" : "\"\(label)\""
    }

    /// A label list as messages show it, cut after 20 names.
    static func list(_ labels: [String]) -> String {
        let shown = labels.prefix(20).map(quoted).joined(separator: ", ")
        return labels.count > 20 ? shown + ", ... (\(labels.count) in all)" : shown
    }
}
