import Foundation
import JSON

/// What `tpv train` and `tpv jobs follow` print once a job has finished.
public enum JobSummary {
    public static let finishedStatuses: Set<String> = ["succeeded", "failed", "cancelled"]

    public static func isFinished(_ job: JSONValue) -> Bool {
        finishedStatuses.contains(job["status"]?.stringValue ?? "")
    }

    /// 0 for a succeeded job, 1 for a failed or cancelled one.
    public static func exitCode(_ job: JSONValue) -> Int32 {
        job["status"]?.stringValue == "succeeded" ? 0 : 1
    }

    /// `job 42 succeeded in 1:23`, a line of metrics per split, the lambda-search's best
    /// lambda, a recommendation's top five, and the stored vector; for a failed or cancelled job, why.
    public static func lines(_ job: JSONValue) -> [String] {
        let id = job["id"]?.intValue.map(String.init) ?? "?"
        let status = job["status"]?.stringValue ?? "unknown"
        var headline = "job \(id) \(status)"
        if let seconds = duration(job) { headline += " in " + ProgressLine.clock(seconds) }
        guard status == "succeeded" else {
            if let error = job["error"]?.stringValue, !error.isEmpty { headline += ": \(error)" }
            return [headline]
        }
        var lines = [headline]
        for (split, metrics) in job["metrics"]?.objectValue ?? [] {
            lines.append("\(split): " + MetricsText.summary(metrics))
        }
        if let best = job["result"]?["best"], let lambda = best["lambda"]?.doubleValue {
            var line = "best lambda " + MetricsText.score(lambda)
            if let score = best["score"]?.doubleValue { line += ", mean validation score " + MetricsText.score(score) }
            lines.append(line)
        }
        if let ranking = job["result"]?["ranking"]?.arrayValue, !ranking.isEmpty {
            let shown = ranking.prefix(5).map { entry in
                "\(entry["name"]?.stringValue ?? "?") \(entry["score"]?.doubleValue.map(MetricsText.score) ?? "-")"
            }
            lines.append("ranking: " + shown.joined(separator: ", ") + (ranking.count > 5 ? ", ... (\(ranking.count) in all)" : ""))
        }
        if let vector = job["vector_id"]?.intValue { lines.append("vector: /vectors/\(vector)") }
        return lines
    }

    /// Seconds from `started_at` to `finished_at`, when both are there.
    static func duration(_ job: JSONValue) -> Double? {
        guard let started = job["started_at"]?.stringValue.flatMap(timestamp),
              let finished = job["finished_at"]?.stringValue.flatMap(timestamp) else { return nil }
        return max(0, finished.timeIntervalSince(started))
    }

    static func timestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
