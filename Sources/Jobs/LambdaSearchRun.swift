import Foundation
import JSON
import Store
import Training

/// A lambda search: init(seed) + lambda * sum_i w_i tau_i scored on the validation split of every
/// task of the composition for each lambda of the grid; the best mean score wins, and of equal
/// scores the lowest lambda (the smallest step away from the init that does as well).
struct LambdaSearchRun {
    let job: JobRecord
    let spec: LambdaSearchSpec
    let context: JobContext

    struct Outcome {
        let metrics: JSONValue
        let result: JSONValue
    }

    func run() throws -> Outcome {
        let p = spec.parameters
        let store = context.store
        let model = try context.models.model(named: p.model)
        let loaded = try spec.composition.load(store: store, model: model)
        let tasks = try spec.tasks.map { name in
            let data = try TaskData.load(name, store: store)
            return (name: name, spec: data.spec, examples: try data.examples(.validation, limit: p.limit, store: store))
        }
        let trainer = PromptTrainer(model: model, configuration: TrainingConfiguration())
        let grid = p.grid
        let started = Date()
        var curve: [JSONValue] = []
        var best: (lambda: Double, mean: Double, metrics: [(String, JSONValue)])?
        for (index, lambda) in grid.enumerated() {
            let prompt = try loaded.prompt(lambda: Float(lambda))
            var scores: [(String, JSONValue)] = [], metrics: [(String, JSONValue)] = [], total = 0.0
            for task in tasks {
                let m = try trainer.evaluate(prompt: prompt, examples: task.examples, task: task.spec,
                                             isCancelled: context.isCancelled)
                scores.append((task.name, .double(TrainingJSON.rounded(m.score))))
                metrics.append((task.name, TrainingJSON.metrics(m)))
                total += m.score
            }
            let mean = TrainingJSON.rounded(total / Double(tasks.count))
            let point: JSONValue = .object([("lambda", .double(lambda)), ("scores", .object(scores)), ("mean", .double(mean))])
            curve.append(point)
            if best == nil || mean > best!.mean { best = (lambda, mean, metrics) }
            let elapsed = Date().timeIntervalSince(started)
            context.events.publish(job.id, .progress(.object([
                ("step", .int(index + 1)), ("total", .int(grid.count)), ("lambda", .double(lambda)),
                ("scores", .object(scores)), ("mean", .double(mean)),
                ("eta_seconds", .double((elapsed / Double(index + 1) * Double(grid.count - index - 1) * 10).rounded() / 10)),
            ])))
        }
        let winner = best!
        return Outcome(
            metrics: .object([("lambda", .double(winner.lambda)), ("mean", .double(winner.mean)),
                              ("validation", .object(winner.metrics))]),
            result: .object([("best", ["lambda": .double(winner.lambda), "score": .double(winner.mean)]),
                             ("curve", .array(curve))]))
    }
}
