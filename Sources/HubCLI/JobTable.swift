import JSON

/// `tpv jobs`: one line per job with its state, how far it got and how well it scored.
public enum JobTable {
    public static func render(_ jobs: [JSONValue]) -> [String] {
        var table = TextTable([("ID", .right), ("KIND", .left), ("STATUS", .left), ("MODEL", .left), ("TASK", .left),
                               ("SEED", .right), ("PROGRESS", .right), ("MACRO-F1", .right), ("CREATED (UTC)", .left)])
        for job in jobs { table.append(row(job)) }
        return table.render()
    }

    static func row(_ job: JSONValue) -> [String] {
        [
            job["id"]?.intValue.map(String.init) ?? "?",
            job["kind"]?.stringValue ?? "train",
            job["status"]?.stringValue ?? "?",
            job["model"]?.stringValue ?? "-",
            job["task"]?.stringValue ?? job["parameters"]?["tasks"]?.stringValue ?? "-",
            job["seed"]?.intValue.map(String.init) ?? "-",
            progress(job),
            macroF1(job),
            created(job["created_at"]?.stringValue),
        ]
    }

    /// 100% once succeeded; otherwise how far the steps got, "-" before any.
    static func progress(_ job: JSONValue) -> String {
        if job["status"]?.stringValue == "succeeded" { return "100%" }
        guard let progress = job["progress"].flatMap(JobProgress.init(json:)) else { return "-" }
        return "\(Int((progress.fraction * 100).rounded(.down)))%"
    }

    /// The test split's macro-F1, else the validation split's.
    static func macroF1(_ job: JSONValue) -> String {
        let metrics = job["metrics"]
        guard let score = metrics?["test"]?["macro_f1"]?.doubleValue ?? metrics?["validation"]?["macro_f1"]?.doubleValue
        else { return "-" }
        return MetricsText.score(score)
    }

    /// `2026-11-29T08:00:00.000Z` -> `2026-11-29 08:00:00`.
    static func created(_ timestamp: String?) -> String {
        guard let timestamp else { return "-" }
        let seconds = timestamp.prefix { $0 != "." && $0 != "Z" && $0 != "+" }
        return String(seconds.map { $0 == "T" ? " " : $0 })
    }
}
