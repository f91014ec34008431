import Datasets
import JSON

/// How task schemas and dataset statistics map to columns: labels as a JSON array of names,
/// label counts as a JSON object in label order (readable in the sqlite3 shell), scores as REALs.
enum DatasetColumns {
    static func encode(labels: [String]) -> String {
        String(decoding: JSONValue.array(labels.map { .string($0) }).serialized(), as: UTF8.self)
    }

    /// (label_counts, score_min, score_max, score_mean) for a row.
    static func encode(_ statistics: DatasetStatistics, labels: [String]) -> [any SQLiteBindable] {
        switch statistics {
        case .labelCounts(let counts):
            let object = JSONValue.object(zip(labels, counts).map { ($0, .int($1)) })
            return [String(decoding: object.serialized(), as: UTF8.self), Double?.none, Double?.none, Double?.none]
        case .scores(let scores):
            return [String?.none, scores.min, scores.max, scores.mean]
        }
    }

    /// The task schema of a row that selected t.kind, t.input and t.labels.
    static func schema(_ row: Row, table: String, id: Int) throws -> TaskSchema {
        let kindName: String = try row.get("kind"), inputName: String = try row.get("input")
        let labelsText: String = try row.get("labels")
        guard let kind = DatasetKind(rawValue: kindName), let input = InputForm(rawValue: inputName) else {
            throw StoreError.corruptRow(table: table, id: id, reason: "unknown kind '\(kindName)' or input '\(inputName)'")
        }
        guard let elements = (try? JSONValue.parse(Array(labelsText.utf8)))?.arrayValue else {
            throw StoreError.corruptRow(table: table, id: id, reason: "labels '\(labelsText.prefix(80))' is not a JSON array")
        }
        let labels = elements.compactMap(\.stringValue)
        guard labels.count == elements.count else {
            throw StoreError.corruptRow(table: table, id: id, reason: "labels '\(labelsText.prefix(80))' holds a non-string")
        }
        return TaskSchema(kind: kind, input: input, labels: labels)
    }

    /// The statistics of a `datasets` row.
    static func statistics(_ row: Row, labels: [String], exampleCount: Int, id: Int) throws -> DatasetStatistics {
        if let text = try row.get("label_counts", as: String?.self) {
            guard let members = (try? JSONValue.parse(Array(text.utf8)))?.objectValue else {
                throw StoreError.corruptRow(table: "datasets", id: id, reason: "label_counts is not a JSON object")
            }
            let counts = Dictionary(members.map { ($0.0, $0.1.exactInt) }, uniquingKeysWith: { first, _ in first })
            guard Set(counts.keys).isSubset(of: labels), counts.values.allSatisfy({ $0 != nil }) else {
                throw StoreError.corruptRow(table: "datasets", id: id, reason: "label_counts does not match the task's labels")
            }
            return .labelCounts(labels.map { counts[$0].flatMap { $0 } ?? 0 })
        }
        return .scores(ScoreSummary(count: exampleCount, min: try row.get("score_min"), max: try row.get("score_max"),
                                    mean: try row.get("score_mean")))
    }
}
