import Model
import Tensor
import Training

/// The true targets of a recommendation's examples, and the score of predictions on any subset
/// of them: macro-F1 for classification, Pearson's r for regression (`Metrics.score`).
struct ExampleTruth {
    let labels: [Int]
    let scores: [Double]
    let isRegression: Bool
    var count: Int { isRegression ? scores.count : labels.count }

    init(_ examples: [TrainingExample], task: TaskSpec) {
        isRegression = task.isRegression
        labels = isRegression ? [] : examples.map { $0.label ?? 0 }
        scores = isRegression ? examples.map { $0.score ?? 0 } : []
    }

    func metrics(_ predicted: [Double], at indices: [Int]) -> Metrics {
        isRegression
            ? Metrics.regression(truth: indices.map { scores[$0] }, predicted: indices.map { predicted[$0] })
            : Metrics.classification(truth: indices.map { labels[$0] }, predicted: indices.map { Int(predicted[$0]) })
    }

    func metrics(_ predicted: [Double]) -> Metrics { metrics(predicted, at: Array(0..<count)) }

    /// The seeded generator of one of a recommendation's random choices (0: folds, 1: bootstrap):
    /// `SeededGenerator` (SplitMix64) at the first output of `SplitMix64(seed:stream:)`.
    static func generator(seed: Int, stream: UInt64) -> SeededGenerator {
        var mixer = SplitMix64(seed: UInt64(seed), stream: stream)
        return SeededGenerator(seed: mixer.next())
    }
}

/// The percentile bootstrap over examples: `resamples` draws of n indices with replacement, the same
/// draws for every prompt, so the scores of two prompts are paired resample by resample. The draws
/// are made again for each prompt from the same seed (stream 1) rather than kept: B x n indices of
/// a large request would hold far more memory than drawing them costs.
struct Bootstrap {
    static let level = 0.95
    let count: Int
    let resamples: Int
    let seed: Int

    func scores(_ predicted: [Double], truth: ExampleTruth) -> [Double] {
        var generator = ExampleTruth.generator(seed: seed, stream: 1)
        var draw = [Int](repeating: 0, count: count)
        return (0..<resamples).map { _ in
            for i in 0..<count { draw[i] = generator.index(below: count) }
            return truth.metrics(predicted, at: draw).score
        }
    }

    /// The 2.5th and 97.5th percentiles: sorted[round(0.025 (B - 1))] and sorted[round(0.975 (B - 1))].
    static func interval(_ scores: [Double]) -> (low: Double, high: Double) {
        let sorted = scores.sorted()
        let last = Double(sorted.count - 1)
        let tail = (1 - level) / 2
        return (sorted[Int((tail * last).rounded())], sorted[Int(((1 - tail) * last).rounded())])
    }

    /// The fraction of resamples in which `scores` beats `baseline` strictly.
    static func fractionAbove(_ scores: [Double], _ baseline: [Double]) -> Double {
        Double(zip(scores, baseline).filter { $0 > $1 }.count) / Double(max(scores.count, 1))
    }
}

/// k-fold cross-validation of the lambda search: for each fold, the lambda that scores best on the
/// other folds (ties: the lowest lambda), judged on the held-out fold.
enum CrossValidation {
    /// The fold (0..<k) of each example. Classification is stratified: the examples of each class,
    /// classes in index order, are shuffled with the seeded generator (stream 0) and dealt to the folds
    /// in turn, the turn carrying over from one class to the next, so each fold gets a near-equal
    /// share of every class. Regression: all examples shuffled and dealt the same way.
    static func folds(_ truth: ExampleTruth, k: Int, seed: Int) -> [Int] {
        var generator = ExampleTruth.generator(seed: seed, stream: 0)
        var groups: [[Int]]
        if truth.isRegression {
            groups = [Array(0..<truth.count)]
        } else {
            groups = [[Int]](repeating: [], count: (truth.labels.max() ?? 0) + 1)
            for (index, label) in truth.labels.enumerated() { groups[label].append(index) }
        }
        var fold = [Int](repeating: 0, count: truth.count), turn = 0
        for group in groups {
            for index in generator.shuffled(group) {
                fold[index] = turn % k
                turn += 1
            }
        }
        return fold
    }

    /// The best index into `predictionsByLambda` on `indices` (ties: the lowest).
    static func best(_ predictionsByLambda: [[Double]], on indices: [Int], truth: ExampleTruth) -> Int {
        var best = 0, bestScore = -Double.infinity
        for (index, predicted) in predictionsByLambda.enumerated() {
            let score = truth.metrics(predicted, at: indices).score
            if score > bestScore { (best, bestScore) = (index, score) }
        }
        return best
    }

    /// The held-out predictions (each example's at the lambda its fold's training part chose) and the
    /// lambda index chosen for each fold.
    static func outOfFold(_ predictionsByLambda: [[Double]], folds: [Int], k: Int,
                          truth: ExampleTruth) -> (predictions: [Double], chosen: [Int]) {
        var predictions = [Double](repeating: 0, count: truth.count)
        var chosen: [Int] = []
        for f in 0..<k {
            let fitting = folds.indices.filter { folds[$0] != f }
            let choice = best(predictionsByLambda, on: fitting, truth: truth)
            chosen.append(choice)
            for index in folds.indices where folds[index] == f { predictions[index] = predictionsByLambda[choice][index] }
        }
        return (predictions, chosen)
    }
}
