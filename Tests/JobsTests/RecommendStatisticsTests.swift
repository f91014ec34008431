import JSON
import Testing
import Training
@testable import Jobs

/// The statistics behind a recommendation, on cases small enough to check by hand.
@Suite struct RecommendStatisticsTests {
    static let binary = try! TaskSpec.classification(labels: ["negative", "positive"])

    static func truth(_ labels: [Int]) -> ExampleTruth {
        ExampleTruth(labels.map { TrainingExample(text: "x", label: $0) }, task: binary)
    }

    @Test func foldsAreStratifiedDeterministicAndCoverEveryExample() {
        let truth = Self.truth([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
        let folds = CrossValidation.folds(truth, k: 5, seed: 7)
        #expect(folds == CrossValidation.folds(truth, k: 5, seed: 7))
        #expect(folds != CrossValidation.folds(truth, k: 5, seed: 8))
        for f in 0..<5 {
            let members = folds.indices.filter { folds[$0] == f }
            #expect(members.count == 2)
            // Six negatives dealt to five folds, then four positives carrying on the turn: at most 2 of a class per fold.
            #expect(members.filter { truth.labels[$0] == 0 }.count <= 2 && members.filter { truth.labels[$0] == 1 }.count <= 1)
        }
    }

    @Test func crossValidationPicksPerFoldTheLambdaBestElsewhereLowestOnTies() {
        let truth = Self.truth([0, 1, 0, 1, 0, 1])
        let wrong = truth.labels.map { Double(1 - $0) }, right = truth.labels.map(Double.init)
        #expect(CrossValidation.best([right, right], on: Array(0..<6), truth: truth) == 0)
        #expect(CrossValidation.best([wrong, right], on: [0, 1], truth: truth) == 1)
        let folds = CrossValidation.folds(truth, k: 3, seed: 1)
        let held = CrossValidation.outOfFold([wrong, right, right], folds: folds, k: 3, truth: truth)
        #expect(held.chosen == [1, 1, 1] && held.predictions == right)
    }

    @Test func bootstrapIntervalsArePercentilesOfPairedResamples() {
        #expect(Bootstrap.interval((0..<1000).map { Double($0) / 1000 }) == (0.025, 0.974))  // indices round(24.975), round(974.025)
        let truth = Self.truth([0, 1, 0, 1, 1, 0, 0, 1])
        let right = truth.labels.map(Double.init)
        let bootstrap = Bootstrap(count: 8, resamples: 200, seed: 3)
        let perfect = bootstrap.scores(right, truth: truth)
        #expect(perfect.count == 200 && perfect.allSatisfy { $0 == 1 })
        let halfRight = [0, 1, 0, 1, 0, 1, 1, 0].map(Double.init)
        let half = bootstrap.scores(halfRight, truth: truth)
        #expect(half == bootstrap.scores(halfRight, truth: truth))
        #expect(Bootstrap.fractionAbove(perfect, half) > 0.95 && Bootstrap.fractionAbove(half, half) == 0)
        let (low, high) = Bootstrap.interval(half)
        #expect(low < truth.metrics(halfRight).score && truth.metrics(halfRight).score < high)
    }

    @Test func parametersHaveDefaultsAndSurviveTheQueue() throws {
        let p = try RecommendParameters.parse(["model": "m", "task": "rte", "examples": ["dataset": "train", "shots": 8]])
        #expect(p.examples == .dataset(split: .train, shots: 8) && p.seed == 0 && p.lambda == 1 && !p.search && !p.pairs)
        #expect(p.grid == [1] && p.resamples == 1000 && p.candidates == nil)
        let searched = try RecommendParameters.parse(["model": "m", "task": "rte", "examples": "{\"text\": \"a\", \"label\": \"x\"}",
                                                      "labels": ["x", "y"], "candidates": ["mnli", "qnli"], "search": true,
                                                      "folds": 3, "pairs": true, "seed": 4])
        #expect(searched.grid == RecommendParameters.searchGrid)
        #expect(try RecommendParameters.parse(searched.json) == searched)
        #expect(try RecommendParameters.parse(p.json) == p)
        for (body, says) in [
            (["model": "m", "task": "t", "examples": ["dataset": "dev"]] as JSONValue, "\"train\", \"validation\" or \"test\""),
            (["model": "m", "task": "t", "examples": ["dataset": "train"], "labels": ["a"]], "inline examples only"),
            (["model": "m", "task": "t", "examples": "x", "candidates": ["a", "a"]], "lists 'a' twice"),
            (["model": "m", "task": "t", "examples": "x", "candidates": []], "non-empty array"),
            (["model": "m", "task": "t", "examples": "x", "lambda": 0], "'lambda'"),
            (["model": "m", "task": "t", "examples": ["dataset": "train", "shots": 2]], "'shots'"),
        ] {
            let error = #expect(throws: JobRequestError.self) { try RecommendParameters.parse(body) }
            #expect(error?.message.contains(says) == true, "\(error?.message ?? "")")
        }
    }

    @Test func theWorkDecidesBetweenRequestAndJob() throws {
        let vector = RecommendSpec.Vector(id: 1, task: "a", seed: 1, sha256: "x", shape: [20, 384])
        var p = try RecommendParameters.parse(["model": "m", "task": "t", "examples": "x"])
        var spec = RecommendSpec(parameters: p, initial: .generated(seed: 0, promptLength: 20),
                                 candidates: [vector, vector, vector], targets: [], skipped: [])
        #expect(spec.entries == [[0], [1], [2]] && spec.evaluationCount == 5)
        p.pairs = true
        p.search = true
        spec.parameters = p
        #expect(spec.entries == [[0], [1], [2], [0, 1], [0, 2], [1, 2]] && spec.evaluationCount == 2 + 6 * 4)
        let limit = RecommendSpec.inRequestTokens
        #expect(spec.runsInRequest(tokensPerPass: limit / 26) && !spec.runsInRequest(tokensPerPass: limit / 26 + 1))
        spec.parameters.job = true
        #expect(!spec.runsInRequest(tokensPerPass: 1))
        #expect(try RecommendSpec(json: spec.json) == spec)
    }
}
