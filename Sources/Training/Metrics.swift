/// Quality of predictions on a set of examples.
///
/// Classification: accuracy, and macro-F1 as the paper (and scikit-learn's
/// `f1_score(average="macro")` with its default labels) defines it: the unweighted mean,
/// over the classes that occur in the truth or in the predictions, of
/// F1_c = 2 TP_c / (2 TP_c + FP_c + FN_c). A class absent from both is left out (it has
/// no F1); a class that occurs on one side only has F1 0. Regression: Pearson's r of
/// predicted against true scores (0 when either side is constant, where r is undefined),
/// and the mean squared error.
public struct Metrics: Equatable, Sendable, Codable {
    public var count: Int
    public var accuracy: Double?
    public var macroF1: Double?
    public var pearson: Double?
    public var meanSquaredError: Double?

    public init(count: Int, accuracy: Double? = nil, macroF1: Double? = nil, pearson: Double? = nil,
                meanSquaredError: Double? = nil) {
        self.count = count
        self.accuracy = accuracy
        self.macroF1 = macroF1
        self.pearson = pearson
        self.meanSquaredError = meanSquaredError
    }

    /// What model selection maximises: macro-F1, or Pearson for regression.
    public var score: Double { macroF1 ?? pearson ?? 0 }

    public static func classification(truth: [Int], predicted: [Int]) -> Metrics {
        precondition(truth.count == predicted.count, "\(truth.count) labels but \(predicted.count) predictions")
        guard !truth.isEmpty else { return Metrics(count: 0, accuracy: 0, macroF1: 0) }
        var truePositives: [Int: Int] = [:], truthCounts: [Int: Int] = [:], predictedCounts: [Int: Int] = [:]
        var correct = 0
        for (y, p) in zip(truth, predicted) {
            truthCounts[y, default: 0] += 1
            predictedCounts[p, default: 0] += 1
            if y == p {
                correct += 1
                truePositives[y, default: 0] += 1
            }
        }
        let classes = Set(truthCounts.keys).union(predictedCounts.keys).sorted()
        var f1Sum = 0.0
        for c in classes {
            // 2TP + FP + FN = (TP + FP) + (TP + FN) = predicted count + true count.
            let tp = truePositives[c, default: 0]
            f1Sum += Double(2 * tp) / Double(predictedCounts[c, default: 0] + truthCounts[c, default: 0])
        }
        return Metrics(count: truth.count, accuracy: Double(correct) / Double(truth.count),
                       macroF1: f1Sum / Double(classes.count))
    }

    public static func regression(truth: [Double], predicted: [Double]) -> Metrics {
        precondition(truth.count == predicted.count, "\(truth.count) scores but \(predicted.count) predictions")
        let n = Double(truth.count)
        guard n > 0 else { return Metrics(count: 0, pearson: 0, meanSquaredError: 0) }
        let meanTruth = truth.reduce(0, +) / n, meanPredicted = predicted.reduce(0, +) / n
        var covariance = 0.0, truthSquares = 0.0, predictedSquares = 0.0, squaredError = 0.0
        for (y, p) in zip(truth, predicted) {
            covariance += (y - meanTruth) * (p - meanPredicted)
            truthSquares += (y - meanTruth) * (y - meanTruth)
            predictedSquares += (p - meanPredicted) * (p - meanPredicted)
            squaredError += (y - p) * (y - p)
        }
        let denominator = (truthSquares * predictedSquares).squareRoot()
        return Metrics(count: truth.count, pearson: denominator > 0 ? covariance / denominator : 0,
                       meanSquaredError: squaredError / n)
    }
}
