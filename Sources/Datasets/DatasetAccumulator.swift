/// Checks each line against the constraints and the lines before it, and gathers the statistics.
struct DatasetAccumulator {
    private(set) var exampleCount = 0
    private var kind: DatasetKind?
    /// The line that fixed `kind`; nil when the constraints did.
    private var kindLine: Int?
    private var input: InputForm?
    private var inputLine: Int?
    private let labelsAreFixed: Bool
    private var labels: [String]
    private var labelIndex: [String: Int]
    private var labelCounts: [Int]
    private var scoreMin = Double.infinity, scoreMax = -Double.infinity, scoreSum = 0.0

    init(constraints: DatasetConstraints) {
        kind = constraints.kind
        input = constraints.input
        labelsAreFixed = constraints.labels != nil
        labels = constraints.labels ?? []
        labelIndex = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        labelCounts = Array(repeating: 0, count: labels.count)
    }

    /// Checks one line's fields and returns its example.
    mutating func add(_ fields: LineFields, line: Int) throws -> Example {
        func fail(_ problem: String) -> DatasetError { DatasetError(line: line, problem) }
        guard let text = fields.text else { throw fail("\"text\" is missing") }
        guard !text.allSatisfy(\.isWhitespace) else { throw fail("\"text\" must not be empty or only whitespace") }
        if let pair = fields.textPair, pair.allSatisfy(\.isWhitespace) {
            throw fail("\"text_pair\" must not be empty or only whitespace; leave the key out for single-text tasks")
        }
        try check(fields.textPair == nil ? .single : .pair, line: line)
        let target: Example.Target
        switch (fields.label, fields.score) {
        case (_?, _?):
            throw fail("has both \"label\" and \"score\"; a line has one: \"label\" (classification) or \"score\" (regression)")
        case (nil, nil):
            throw fail(kind.map { "\"\($0.targetKey)\" is missing" }
                       ?? "\"label\" (classification) or \"score\" (regression) is missing")
        case (let label?, nil):
            try check(.classification, line: line)
            target = .label(try classIndex(of: label, line: line))
        case (nil, let score?):
            try check(.regression, line: line)
            scoreMin = min(scoreMin, score)
            scoreMax = max(scoreMax, score)
            scoreSum += score
            target = .score(score)
        }
        exampleCount += 1
        return Example(text: text, textPair: fields.textPair, target: target)
    }

    func summary() throws -> DatasetSummary {
        guard exampleCount > 0, let kind, let input else {
            throw DatasetError(line: nil, "the dataset holds no examples, only blank lines")
        }
        let statistics: DatasetStatistics = kind == .classification
            ? .labelCounts(labelCounts)
            : .scores(ScoreSummary(count: exampleCount, min: scoreMin, max: scoreMax, mean: scoreSum / Double(exampleCount)))
        return DatasetSummary(schema: TaskSchema(kind: kind, input: input, labels: labels),
                              exampleCount: exampleCount, statistics: statistics)
    }

    private mutating func classIndex(of label: String, line: Int) throws -> Int {
        if let index = labelIndex[label] {
            labelCounts[index] += 1
            return index
        }
        guard !labelsAreFixed else {
            throw DatasetError(line: line, "label \(Labels.quoted(label)) is not one of the task's labels (\(Labels.list(labels)))")
        }
        if let problem = Labels.problem(with: label) { throw DatasetError(line: line, "\"label\" \(problem)") }
        guard labels.count < Labels.maximumCount else {
            throw DatasetError(line: line, "label \(Labels.quoted(label)) would be class \(labels.count + 1); at most \(Labels.maximumCount) classes are supported")
        }
        labelIndex[label] = labels.count
        labels.append(label)
        labelCounts.append(1)
        return labels.count - 1
    }

    private mutating func check(_ found: DatasetKind, line: Int) throws {
        if kind == nil, found == .regression, labelsAreFixed, !labels.isEmpty {
            throw DatasetError(line: line, "has \"score\" (regression), but class labels were given; regression data has none")
        }
        guard let kind else {
            (kind, kindLine) = (found, line)
            return
        }
        guard found != kind else { return }
        let has = "has \"\(found.targetKey)\" (\(found.rawValue))"
        if let kindLine {
            throw DatasetError(line: line, "\(has), but line \(kindLine) has \"\(kind.targetKey)\" (\(kind.rawValue)); all lines must be of one kind")
        }
        throw DatasetError(line: line, "\(has), but the task is \(kind.rawValue) (its lines have \"\(kind.targetKey)\")")
    }

    private mutating func check(_ found: InputForm, line: Int) throws {
        guard let input else {
            (input, inputLine) = (found, line)
            return
        }
        guard found != input else { return }
        let has = found == .pair ? "has \"text_pair\"" : "has no \"text_pair\""
        let form = "all lines must be single texts or all text pairs"
        if let inputLine {
            throw DatasetError(line: line, "\(has), but line \(inputLine) \(input == .pair ? "has one" : "has none"); \(form)")
        }
        throw DatasetError(line: line, "\(has), but the task's inputs are \(input == .pair ? "text pairs" : "single texts")")
    }
}
