import Datasets
import JSON
import Store

/// How stored datasets look on the wire.
extension Representation {
    /// A task with its splits; `detailed` adds label counts or score statistics to each split.
    static func datasetTask(_ task: DatasetTask, detailed: Bool) -> JSONValue {
        .object(taskMembers(task.name, task.schema) + [
            ("created", .string(task.createdAt)),
            ("splits", .object(task.splits.map { ($0.split.rawValue, .object(splitMembers($0, detailed: detailed))) })),
        ])
    }

    /// One split with its task's schema, as uploads answer.
    static func dataset(_ record: DatasetRecord) -> JSONValue {
        .object(taskMembers(record.task, record.schema) + [("split", .string(record.split.rawValue))]
                + splitMembers(record, detailed: true))
    }

    private static func taskMembers(_ name: String, _ schema: TaskSchema) -> [(String, JSONValue)] {
        [
            ("task", .string(name)),
            ("kind", .string(schema.kind.rawValue)),
            ("input", .string(schema.input.rawValue)),
            ("labels", .array(schema.labels.map { .string($0) })),
        ]
    }

    private static func splitMembers(_ record: DatasetRecord, detailed: Bool) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("examples", .int(record.exampleCount)),
            ("sha256", .string(record.sha256)),
            ("size_bytes", .int(record.sizeBytes)),
        ]
        if detailed {
            switch record.statistics {
            case .labelCounts(let counts):
                members.append(("label_counts", .object(zip(record.schema.labels, counts).map { ($0, .int($1)) })))
            case .scores(let scores):
                members.append(("score", .object([
                    ("count", .int(scores.count)), ("min", .double(scores.min)),
                    ("max", .double(scores.max)), ("mean", .double(scores.mean)),
                ])))
            }
        }
        return members + [
            ("owner", .string(record.owner)),
            ("created", .string(record.createdAt)),
            ("updated", .string(record.updatedAt)),
            ("links", .object([("data", .string(dataPath(record)))])),
        ]
    }

    static func dataPath(_ record: DatasetRecord) -> String { "/datasets/\(record.task)/\(record.split.rawValue)" }
}
