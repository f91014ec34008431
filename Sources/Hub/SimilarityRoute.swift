import HTTP
import PromptVectors
import Store
import Tensor

/// `GET /similarity`: cosine similarity of average-pooled task prompt vectors (`of=vectors`)
/// or tuned task prompts (`of=prompts`), task x task, averaged over every pair of seeds.
struct SimilarityRoute {
    let store: HubStore
    let tensors: StoredTensors

    func register(on router: Router) {
        router.get("/similarity") { try similarity($0) }
    }

    func similarity(_ request: Request) throws -> Response {
        let query = request.query
        try query.onlyKnown(["model", "tasks", "of", "format"])
        let of = query["of"] ?? "vectors"
        guard of == "vectors" || of == "prompts" else {
            throw HTTPError.badRequest("of='\(of)' is not understood; use of=vectors (tau) or of=prompts (tuned prompts).")
        }
        let format = query["format"] ?? (request.headers["accept"]?.contains("text/csv") == true ? "csv" : "json")
        guard format == "json" || format == "csv" else {
            throw HTTPError.badRequest("format='\(format)' is not understood; use json or csv.")
        }
        var tasks: [String] = []
        if let list = query["tasks"] {
            for name in list.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                let task = try Names.task(name.trimmingCharacters(in: .whitespaces))
                guard !tasks.contains(task) else { throw HTTPError.badRequest("Task '\(task)' is listed twice.") }
                tasks.append(task)
            }
        }
        let summaries = try storeCall { try store.vectors.tasks(model: try query["model"].map(Names.model)) }
        let model: String
        if tasks.isEmpty {
            let models = Set(summaries.map(\.model)).sorted()
            guard let only = models.first else { throw HTTPError.notFound("No vectors stored yet for this model.") }
            guard models.count == 1 else { throw HTTPError.badRequest("Several models hold vectors: \(models.joined(separator: ", ")); add model=.") }
            model = only
            tasks = summaries.filter { $0.model == model }.map(\.task).sorted()
        } else {
            model = try CompositionPlan.chooseModel(summaries: summaries, tasks: tasks, requested: query["model"])
        }
        var byTask: [String: [Int: Tensor]] = [:]
        for task in tasks {
            let page = try storeCall { try store.vectors.list(VectorFilter(model: model, task: task), limit: 1000, offset: 0) }
            guard !page.items.isEmpty else { throw HTTPError.notFound("Model '\(model)' has no vector for task '\(task)'.") }
            for vector in page.items {
                byTask[task, default: [:]][vector.seed] = of == "vectors" ? try tensors.tau(of: vector) : try tensors.tuned(of: vector).tensor
            }
        }
        let widths = Set(byTask.values.flatMap { $0.values.map { $0.matrixShape.cols } })
        guard widths.count == 1 else { throw HTTPError(.conflict, "The prompts of these tasks differ in width (\(widths.sorted())).") }
        let result = Similarity.matrix(tasks: tasks, tensors: byTask)
        if format == "csv" { return csv(result) }
        return Representation.json(.object([
            ("model", .string(model)),
            ("of", .string(of)),
            ("tasks", .array(tasks.map { .string($0) })),
            ("seeds", .object(tasks.map { ($0, .array(byTask[$0]!.keys.sorted().map { .int($0) })) })),
            ("matrix", .array(result.matrix.map { .array($0.map { .double($0) }) })),
            ("pairs", .array(result.pairs.map { pair in
                .object([("task_a", .string(pair.taskA)), ("seed_a", .int(pair.seedA)),
                         ("task_b", .string(pair.taskB)), ("seed_b", .int(pair.seedB)), ("cosine", .double(pair.cosine))])
            })),
        ]))
    }

    func csv(_ result: Similarity.Result) -> Response {
        var text = "task," + result.tasks.joined(separator: ",") + "\n"
        for (i, task) in result.tasks.enumerated() {
            text += task + "," + result.matrix[i].map { String($0) }.joined(separator: ",") + "\n"
        }
        return Response(contentType: "text/csv; charset=utf-8", bytes: Array(text.utf8))
    }
}

import Foundation
