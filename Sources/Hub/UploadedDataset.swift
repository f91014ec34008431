import Datasets
import HTTP
import JSON
import Store

/// A `POST`/`PUT /datasets/{task}` body checked line by line against the task's stored schema
/// (or, for a task's first dataset, against itself and the `labels=` order).
enum UploadedDataset {
    /// Validates the request's JSONL for (task, split) and returns what to store.
    static func decode(_ request: Request, task: String, split: DatasetSplit, stored: TaskSchema?) throws -> DatasetUpload {
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest(#"The body is empty; send JSONL, one JSON object per line, e.g. {"text": "a fine film", "label": "positive"} (curl --data-binary @train.jsonl)."#)
        }
        let given = try labelsParameter(request)
        var constraints = DatasetConstraints(labels: given)
        if let stored {
            if let given, given != stored.labels {
                let current = stored.labels.isEmpty ? "no labels (it is regression)"
                    : "the labels \(stored.labels.joined(separator: ",")) (in that order)"
                throw HTTPError(.conflict, "Task '\(task)' has \(current) from its first dataset; leave labels= out or give the same list. To change them, delete all of the task's splits first.")
            }
            constraints = DatasetConstraints(schema: stored)
        }
        let summary: DatasetSummary
        do {
            summary = try DatasetReader.validate(request.body, constraints: constraints)
        } catch let error as DatasetError {
            throw HTTPError.badRequest(error.description, extra: error.line.map { [("line", .int($0))] } ?? [])
        }
        // Class indices follow the train split's first appearances; another split may lack a class or
        // meet them in another order, so it cannot define them.
        if stored == nil, given == nil, summary.schema.kind == .classification, split != .train {
            throw HTTPError.badRequest("Task '\(task)' has no datasets yet, and its label order (the class indices) comes from its train split. Upload the train split first, or give the order with labels=a,b,c.")
        }
        return DatasetUpload(task: task, split: split, summary: summary, jsonl: request.body)
    }

    /// `labels=a,b,c`: the class names in class-index order.
    static func labelsParameter(_ request: Request) throws -> [String]? {
        guard let text = request.query["labels"] else { return nil }
        let labels = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        do {
            try Labels.validate(labels)
        } catch let error as DatasetError {
            throw HTTPError.badRequest("Parameter 'labels' (class names in order, comma-separated): \(error.description).")
        }
        return labels
    }
}
