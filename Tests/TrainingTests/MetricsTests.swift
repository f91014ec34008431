import Foundation
import Model
import Testing
@testable import Training

@Suite("Metrics: macro-F1, accuracy, Pearson")
struct MetricsTests {
    @Test("hand-computed macro-F1 and accuracy")
    func handComputedClassification() {
        // Class 0: TP 1, FP 0, FN 1 -> 2/3; class 1: TP 2, FP 1, FN 0 -> 4/5.
        let m = Metrics.classification(truth: [0, 0, 1, 1], predicted: [0, 1, 1, 1])
        #expect(abs(m.macroF1! - (2.0 / 3 + 4.0 / 5) / 2) < 1e-12)
        #expect(m.accuracy == 0.75)
        #expect(m.count == 4)
        // A class only predicted counts with F1 0; classes in neither side are ignored.
        let onlyPredicted = Metrics.classification(truth: [0, 0, 0], predicted: [0, 0, 2])
        #expect(abs(onlyPredicted.macroF1! - (4.0 / 5 + 0) / 2) < 1e-12)
        #expect(abs(onlyPredicted.accuracy! - 2.0 / 3) < 1e-12)
        // All wrong on two classes: both F1 0.
        #expect(Metrics.classification(truth: [0, 1], predicted: [1, 0]).macroF1 == 0)
        #expect(Metrics.classification(truth: [3, 3], predicted: [3, 3]).macroF1 == 1)
        #expect(m.score == m.macroF1)
    }

    @Test("hand-computed Pearson and mean squared error")
    func handComputedRegression() {
        #expect(abs(Metrics.regression(truth: [1, 2, 3], predicted: [2, 4, 6]).pearson! - 1) < 1e-12)
        #expect(abs(Metrics.regression(truth: [1, 2, 3], predicted: [3, 2, 1]).pearson! + 1) < 1e-12)
        // Deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5): covariance 4, variances 5.
        let m = Metrics.regression(truth: [1, 2, 3, 4], predicted: [1, 3, 2, 4])
        #expect(abs(m.pearson! - 0.8) < 1e-12)
        #expect(abs(m.meanSquaredError! - 0.5) < 1e-12)
        #expect(m.score == m.pearson)
        #expect(Metrics.regression(truth: [1, 2, 3], predicted: [2, 2, 2]).pearson == 0, "undefined r is reported as 0")
    }

    struct Case: Codable {
        let truth: [Int]
        let predicted: [Int]
        let scoresTruth: [Double]
        let scoresPredicted: [Double]
    }

    @Test("macro-F1, accuracy and Pearson agree with numpy on random predictions")
    func agreesWithNumpy() throws {
        var random = SeededGenerator(seed: 2024)
        // Six classes; 3 and 5 never occur in the truth, 5 never in the predictions either.
        let cases = (0..<20).map { _ -> Case in
            let n = 5 + random.index(below: 200)
            let truth = (0..<n).map { _ in [0, 1, 2, 4][random.index(below: 4)] }
            let predicted = (0..<n).map { _ in [0, 1, 2, 3, 4][random.index(below: 5)] }
            let scoresTruth = (0..<n).map { _ in 5 * random.uniform() }
            let scoresPredicted = scoresTruth.map { 0.6 * $0 + 2 * random.uniform() }
            return Case(truth: truth, predicted: predicted, scoresTruth: scoresTruth, scoresPredicted: scoresPredicted)
        }
        let reference: [[Double]] = try Fixtures.python("""
        out = []
        for c in inp:
            y, p = np.array(c["truth"]), np.array(c["predicted"])
            f1s = []
            for k in np.union1d(y, p):
                tp = np.sum((y == k) & (p == k)); fp = np.sum((y != k) & (p == k)); fn = np.sum((y == k) & (p != k))
                f1s.append(2 * tp / (2 * tp + fp + fn))
            r = np.corrcoef(c["scoresTruth"], c["scoresPredicted"])[0, 1]
            out.append([float(np.mean(f1s)), float(np.mean(y == p)), float(r)])
        print(json.dumps(out))
        """, input: cases)
        for (c, expected) in zip(cases, reference) {
            let classification = Metrics.classification(truth: c.truth, predicted: c.predicted)
            let regression = Metrics.regression(truth: c.scoresTruth, predicted: c.scoresPredicted)
            #expect(abs(classification.macroF1! - expected[0]) < 1e-12, "macro-F1 \(classification.macroF1!) vs numpy \(expected[0])")
            #expect(abs(classification.accuracy! - expected[1]) < 1e-12)
            #expect(abs(regression.pearson! - expected[2]) < 1e-10, "Pearson \(regression.pearson!) vs numpy \(expected[2])")
        }
        #expect(reference.count == cases.count)
    }
}
