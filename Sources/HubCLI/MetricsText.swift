import Foundation
import JSON

/// Evaluation metrics in a line: `macro-F1 0.812, accuracy 0.820, n 500`
/// (regression tasks: `pearson 0.731, n 500`); members this client does not know follow by name.
public enum MetricsText {
    static let known: [(key: String, label: String)] = [
        ("macro_f1", "macro-F1"), ("accuracy", "accuracy"), ("pearson", "pearson"), ("spearman", "spearman"),
    ]

    public static func summary(_ metrics: JSONValue) -> String {
        guard let members = metrics.objectValue else { return "no metrics" }
        var parts: [String] = []
        for (key, label) in known {
            if let value = metrics[key]?.doubleValue { parts.append("\(label) \(score(value))") }
        }
        for (key, value) in members where key != "n" && !known.contains(where: { $0.key == key }) {
            if case .int(let count) = value {
                parts.append("\(key) \(count)")
            } else if let number = value.doubleValue {
                parts.append("\(key) \(score(number))")
            }
        }
        if let n = metrics["n"]?.intValue { parts.append("n \(n)") }
        return parts.isEmpty ? "no metrics" : parts.joined(separator: ", ")
    }

    public static func score(_ value: Double) -> String { String(format: "%.3f", value) }
}
