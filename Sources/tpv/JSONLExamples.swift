import Datasets
import Foundation
import Jobs
import Training

/// Reads a task of the shared benchmark data (`DIR/tasks.json`, `DIR/TASK/SPLIT.jsonl`
/// with `text`, optional `text_pair`, and a `label` name or a `score`) for the
/// benchmark subcommands.
struct JSONLTask {
    let task: TaskSpec
    let directory: URL

    init(dataDirectory: String, name: String) throws {
        let root = URL(fileURLWithPath: dataDirectory)
        let tasksFile = root.appendingPathComponent("tasks.json")
        guard let data = FileManager.default.contents(atPath: tasksFile.path),
              let entries = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
            throw TrainingError("cannot read \(tasksFile.path); pass --data with the folder holding tasks.json and the task folders")
        }
        guard let entry = entries.first(where: { $0["name"] as? String == name }) else {
            let names = entries.compactMap { $0["name"] as? String }
            throw TrainingError("no task \"\(name)\" in \(tasksFile.path); choose one of \(names.joined(separator: ", "))")
        }
        if entry["type"] as? String == "regression" {
            let range = (entry["score_range"] as? [Double]) ?? [0, 5]
            task = try TaskSpec.regression(range: range[0]...range[1])
        } else {
            task = try TaskSpec.classification(labels: (entry["labels"] as? [String]) ?? [])
        }
        directory = root.appendingPathComponent(name)
    }

    /// The examples of `split` (train, validation, test), labels as class indices in the order of
    /// tasks.json; read by the hub's own dataset reader, so a line the hub refuses fails here too.
    func examples(_ split: String) throws -> [TrainingExample] {
        let file = directory.appendingPathComponent("\(split).jsonl")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw TrainingError("cannot read \(file.path); the task folder needs \(split).jsonl")
        }
        let constraints = task.isRegression ? DatasetConstraints(kind: .regression)
            : DatasetConstraints(kind: .classification, labels: task.labels)
        do {
            return try DatasetReader.examples(Array(data), constraints: constraints).examples.map(TrainingExample.init)
        } catch let error as DatasetError {
            throw TrainingError("\(file.path): \(error)")
        }
    }
}
