import Foundation
import JSON
import PromptVectors
import Store
import Tensor
import Training

/// A recommendation from its spec to its answer: every candidate prompt init(seed) + lambda * tau
/// (the sum of the two for a pair) and the two baselines (the random init, the plain model) scored
/// zero-shot on the target's examples, then ranked with the evidence.
///
/// Evidence per prompt:
/// - `score`: macro-F1 (Pearson for regression) on all the examples at the request's lambda. With
///   a lambda search, the k-fold cross-validated score instead: each fold's examples are predicted
///   at the lambda that scored best on the other folds, and the score is computed over these pooled
///   held-out predictions (a per-fold mean would rest on folds of one or two examples). Only the
///   search fits anything to the examples, so only it needs holding out; `lambda` is then the one
///   chosen on all the examples, and `in_sample_score` its (optimistic) score.
/// - `interval`: the 95% percentile bootstrap interval of that score, over resamples of the
///   examples drawn with the seed, the same resamples for every prompt. With a handful of examples
///   it is wide, and says so.
/// - `beats_random_init`: the fraction of those resamples in which the prompt scores strictly
///   higher than the random init (paired, since both see the same resample).
/// - `cosine`: the cosine similarity of the average-pooled vector (the sum for a pair) with the
///   target task's own stored vectors, averaged over those, when it has any (`Similarity`).
///
/// Ranking: by score, then by the lower end of the interval, then single vectors before pairs,
/// then by task names in order; all descending except the last two, so equal evidence gives a
/// fixed order.
struct RecommendRun {
    let spec: RecommendSpec
    let store: HubStore
    let models: ModelCatalog
    /// Called after each prompt is scored with {step, total, prompt, lambda, score, eta_seconds}.
    let progress: (JSONValue) -> Void
    let isCancelled: () -> Bool

    struct Outcome {
        let metrics: JSONValue
        let result: JSONValue
    }

    /// One scored prompt: its predictions at each lambda of the grid.
    private struct Scored {
        let vectors: [Int]
        let predictions: [[Double]]
    }

    func run() throws -> Outcome {
        let started = Date()
        let p = spec.parameters
        let model = try models.model(named: p.model)
        let data = try RecommendExamples.load(p, store: store)
        let truth = ExampleTruth(data.examples, task: data.spec)
        let initial = try spec.initial.tensor(store: store, model: model)
        let taus = try spec.candidates.map { try PromptRecipe.read($0.sha256, shape: $0.shape, store: store) }
        let trainer = PromptTrainer(model: model)
        let grid = p.grid
        let total = spec.evaluationCount
        var step = 0
        func predict(_ prompt: Tensor?, name: String, lambda: Double?) throws -> [Double] {
            if isCancelled() { throw TrainingCancelled(completedSteps: step) }
            let predicted = try trainer.predict(prompt: prompt, examples: data.examples, task: data.spec)
            step += 1
            let elapsed = Date().timeIntervalSince(started)
            progress(.object([
                ("step", .int(step)), ("total", .int(total)), ("prompt", .string(name)),
                ("lambda", lambda.map { .double($0) } ?? .null),
                ("score", .double(TrainingJSON.rounded(truth.metrics(predicted).score))),
                ("eta_seconds", .double((elapsed / Double(step) * Double(total - step) * 10).rounded() / 10)),
            ]))
            return predicted
        }

        let plain = try predict(nil, name: "plain model", lambda: nil)
        let random = try predict(initial, name: "random init", lambda: nil)
        var scored: [Scored] = []
        for entry in spec.entries {
            let vectors = entry.map { (name: spec.candidates[$0].task, weight: Float(1), tau: taus[$0]) }
            let predictions = try grid.map { lambda in
                let prompt: Tensor
                do {
                    prompt = try PromptArithmetic.compose(initial: initial, lambda: Float(lambda), vectors: vectors)
                } catch let error as PromptArithmetic.ShapeMismatch {
                    throw JobRequestError(error.description, kind: .conflict)
                }
                return try predict(prompt, name: name(entry), lambda: lambda)
            }
            scored.append(Scored(vectors: entry, predictions: predictions))
        }

        let bootstrap = Bootstrap(count: truth.count, resamples: p.resamples, seed: p.seed)
        let randomResampled = bootstrap.scores(random, truth: truth)
        let foldCount = p.search ? p.folds ?? min(RecommendParameters.defaultFolds, truth.count) : nil
        let folds = foldCount.map { CrossValidation.folds(truth, k: $0, seed: p.seed) }
        let similarity = try TargetSimilarity(spec: spec, taus: taus, store: store)

        var ranked: [(key: RankKey, json: JSONValue)] = scored.map { entry in
            evidence(entry, grid: grid, truth: truth, folds: folds, bootstrap: bootstrap, randomResampled: randomResampled,
                     similarity: similarity)
        }
        ranked.sort { $0.key < $1.key }
        let ranking: [JSONValue] = ranked.enumerated().map { rank, item in
            guard case .object(let members) = item.json else { return item.json }
            return .object([("rank", .int(rank + 1))] + members)
        }
        func baseline(_ predicted: [Double], extra: [(String, JSONValue)]) -> JSONValue {
            let resampled = bootstrap.scores(predicted, truth: truth)
            let m = truth.metrics(predicted)
            return .object([("score", .double(TrainingJSON.rounded(m.score))), ("interval", interval(resampled)),
                            ("metrics", TrainingJSON.metrics(m))] + extra)
        }
        let baselines: JSONValue = .object([
            ("random_init", baseline(random, extra: [("init", spec.initial.json)])),
            ("plain_model", baseline(plain, extra: [])),
        ])
        let best = ranked.first?.json
        let key = data.spec.isRegression ? "pearson" : "macro_f1"
        let result: JSONValue = .object([
            ("model", .string(p.model)), ("task", .string(p.task)), ("seed", .int(p.seed)),
            ("metric", .string(key)),
            ("examples", merged(data.description, [("count", .int(truth.count))])),
            ("scoring", scoring(p, folds: foldCount)),
            ("similarity", similarity.description),
            ("baselines", baselines),
            ("ranking", .array(ranking)),
            ("skipped", .array(spec.skipped.map { .object([("task", .string($0.task)), ("reason", .string($0.reason))]) })),
            ("evaluations", .int(total)),
            ("seconds", .double((Date().timeIntervalSince(started) * 100).rounded() / 100)),
        ])
        // Shaped like other jobs' metrics (an object of metric objects), so job listings show them alike.
        func summary(_ predicted: [Double]) -> JSONValue { .object([(key, .double(TrainingJSON.rounded(truth.metrics(predicted).score)))]) }
        var metrics: [(String, JSONValue)] = []
        if let best {
            metrics.append(("best", .object([("name", best["name"] ?? .null), (key, best["score"] ?? .null), ("lambda", best["lambda"] ?? .null)])))
        }
        metrics += [("random_init", summary(random)), ("plain_model", summary(plain))]
        return Outcome(metrics: .object(metrics), result: result)
    }

    // MARK: - Parts

    /// "mnli", or "mnli+qnli" for a pair.
    private func name(_ entry: [Int]) -> String { entry.map { spec.candidates[$0].task }.joined(separator: "+") }

    /// Sorts ascending into the documented ranking order.
    private struct RankKey: Comparable {
        let score: Double, low: Double, size: Int, name: String
        static func < (a: RankKey, b: RankKey) -> Bool {
            if a.score != b.score { return a.score > b.score }
            if a.low != b.low { return a.low > b.low }
            if a.size != b.size { return a.size < b.size }
            return a.name < b.name
        }
    }

    private func evidence(_ entry: Scored, grid: [Double], truth: ExampleTruth, folds: [Int]?, bootstrap: Bootstrap,
                          randomResampled: [Double], similarity: TargetSimilarity) -> (key: RankKey, json: JSONValue) {
        let chosen = CrossValidation.best(entry.predictions, on: Array(0..<truth.count), truth: truth)
        let atChosen = truth.metrics(entry.predictions[chosen])
        var judged = entry.predictions[chosen]
        var search: [(String, JSONValue)] = []
        if let folds {
            let k = (folds.max() ?? 0) + 1
            let held = CrossValidation.outOfFold(entry.predictions, folds: folds, k: k, truth: truth)
            judged = held.predictions
            search = [
                ("in_sample_score", .double(TrainingJSON.rounded(atChosen.score))),
                ("grid", .array(zip(grid, entry.predictions).map { lambda, predicted in
                    .object([("lambda", .double(lambda)), ("score", .double(TrainingJSON.rounded(truth.metrics(predicted).score)))])
                })),
                ("lambda_per_fold", .array(held.chosen.map { .double(grid[$0]) })),
            ]
        }
        let score = truth.metrics(judged).score
        let resampled = bootstrap.scores(judged, truth: truth)
        let bounds = Bootstrap.interval(resampled)
        let name = self.name(entry.vectors)
        var members: [(String, JSONValue)] = [
            ("name", .string(name)),
            ("tasks", .array(entry.vectors.map { .string(spec.candidates[$0].task) })),
            ("vectors", .array(entry.vectors.map { spec.candidates[$0].reference })),
            ("lambda", .double(grid[chosen])),
            ("score", .double(TrainingJSON.rounded(score))),
            ("interval", interval(resampled)),
            ("beats_random_init", .double(TrainingJSON.rounded(Bootstrap.fractionAbove(resampled, randomResampled)))),
            ("cosine", similarity.cosine(entry.vectors).map { .double(TrainingJSON.rounded($0)) } ?? .null),
            ("metrics", TrainingJSON.metrics(atChosen)),
        ]
        members += search
        // Ranked by the numbers as shown (six decimals), so the order can be checked from the answer.
        return (RankKey(score: TrainingJSON.rounded(score), low: TrainingJSON.rounded(bounds.low), size: entry.vectors.count,
                        name: name), .object(members))
    }

    private func interval(_ resampled: [Double]) -> JSONValue {
        let bounds = Bootstrap.interval(resampled)
        return .array([.double(TrainingJSON.rounded(bounds.low)), .double(TrainingJSON.rounded(bounds.high))])
    }

    private func scoring(_ p: RecommendParameters, folds: Int?) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let folds {
            members += [("lambda", "searched"), ("grid", .array(p.grid.map { .double($0) })), ("folds", .int(folds)),
                        ("score", "cross-validated: each fold predicted at the lambda best on the other folds, scored over all held-out predictions")]
        } else {
            members += [("lambda", .double(p.lambda)),
                        ("score", "on all the examples at this lambda; nothing is fitted to them, so nothing is held out")]
        }
        members += [("interval", .string("95% percentile bootstrap over the examples, \(p.resamples) resamples seeded with \(p.seed), the same for every prompt")),
                    ("beats_random_init", "fraction of those resamples in which the prompt scores strictly above the random init")]
        return .object(members)
    }

    private func merged(_ value: JSONValue, _ extra: [(String, JSONValue)]) -> JSONValue {
        guard case .object(let members) = value else { return value }
        return .object(members + extra)
    }
}

/// Cosine similarity of candidate vectors with the target task's own stored vectors.
private struct TargetSimilarity {
    let pooledTargets: [[Double]]
    let pooledCandidates: [[Double]]
    let description: JSONValue

    init(spec: RecommendSpec, taus: [Tensor], store: HubStore) throws {
        pooledTargets = try spec.targets.map {
            Similarity.meanPooled(try PromptRecipe.read($0.sha256, shape: $0.shape, store: store))
        }
        pooledCandidates = taus.map(Similarity.meanPooled)
        description = spec.targets.isEmpty
            ? .object([("available", false), ("reason", .string("task '\(spec.parameters.task)' has no stored vector for this model, so there is no task prompt vector to compare with"))])
            : .object([("available", true), ("of", "vectors"), ("target_vectors", .array(spec.targets.map(\.reference))),
                       ("cosine", "of the average-pooled vectors (a pair: their sum), the mean over the target's vectors")])
    }

    /// The mean cosine of the entry's pooled vector (a pair: the sum, pooling being linear) with each target vector.
    func cosine(_ entry: [Int]) -> Double? {
        guard !pooledTargets.isEmpty else { return nil }
        var pooled = pooledCandidates[entry[0]]
        for other in entry.dropFirst() {
            for i in pooled.indices { pooled[i] += pooledCandidates[other][i] }
        }
        let widths = pooledTargets.filter { $0.count == pooled.count }
        guard !widths.isEmpty else { return nil }
        return widths.map { Similarity.cosine($0, pooled) }.reduce(0, +) / Double(widths.count)
    }
}
