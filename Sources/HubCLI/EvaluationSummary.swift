import Foundation
import JSON

/// `tpv evaluate`'s line: `macro-F1 0.812, accuracy 0.820, n 872 (all-minilm-l6-v2 sst2 test, 3.2 s)`.
public enum EvaluationSummary {
    public static func line(_ answer: JSONValue) -> String {
        var context = [answer["model"], answer["task"], answer["split"]].compactMap { $0?.stringValue }
        if let seconds = answer["seconds"]?.doubleValue { context.append(String(format: "%.1f s", seconds)) }
        let metrics = MetricsText.summary(answer["metrics"] ?? .null)
        return context.isEmpty ? metrics : "\(metrics) (\(context.joined(separator: " ")))"
    }
}
