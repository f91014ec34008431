import JSON
import Training

/// How the trainer's numbers look in job documents, events and vector metadata.
enum TrainingJSON {
    /// `{"macro_f1", "accuracy", "n"}`, or `{"pearson", "mse", "n"}` for regression.
    static func metrics(_ m: Metrics) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let f1 = m.macroF1 { members.append(("macro_f1", .double(rounded(f1)))) }
        if let accuracy = m.accuracy { members.append(("accuracy", .double(rounded(accuracy)))) }
        if let pearson = m.pearson { members.append(("pearson", .double(rounded(pearson)))) }
        if let mse = m.meanSquaredError { members.append(("mse", .double(rounded(mse)))) }
        members.append(("n", .int(m.count)))
        return .object(members)
    }

    static func optionalMetrics(_ m: Metrics?) -> JSONValue { m.map(metrics) ?? .null }

    static func progress(_ p: TrainingProgress) -> JSONValue {
        .object([("step", .int(p.step)), ("total", .int(p.totalSteps)), ("epoch", .int(p.epoch)),
                 ("loss", .double(rounded(Double(p.loss)))),
                 ("examples_per_second", .double((p.examplesPerSecond * 10).rounded() / 10)),
                 ("eta_seconds", .double((p.etaSeconds * 10).rounded() / 10))])
    }

    static func record(_ r: TrainingRecord) -> JSONValue {
        .object([("step", .int(r.step)), ("epoch", .int(r.epoch)), ("training_loss", .double(rounded(r.trainingLoss))),
                 ("validation", optionalMetrics(r.validation)), ("learning_rate", .double(Double(r.learningRate))),
                 ("prompt_norm", .double(rounded(r.promptNorm))), ("seconds", .double((r.seconds * 10).rounded() / 10))])
    }

    /// Six decimals: metrics read the same in every response and stay exact enough to compare.
    static func rounded(_ x: Double) -> Double {
        x.isFinite ? (x * 1e6).rounded() / 1e6 : x
    }
}
