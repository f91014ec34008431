import JSON

/// `tpv similarity`: the task-by-task cosine matrix of `GET /similarity`, three decimals, aligned.
public enum SimilarityTable {
    public static func render(_ answer: JSONValue) -> [String] {
        let tasks = answer["tasks"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let matrix = answer["matrix"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.doubleValue) ?? [] } ?? []
        var table = TextTable([("", .left)] + tasks.map { ($0, .right) })
        for (row, task) in tasks.enumerated() {
            table.append([task] + (0..<tasks.count).map { column in
                row < matrix.count && column < matrix[row].count ? MetricsText.score(matrix[row][column]) : "-"
            })
        }
        return table.render()
    }

    /// What the matrix compares: "model all-minilm-l6-v2, vectors (tau), seeds: sst2 1,2; rte 1".
    public static func caption(_ answer: JSONValue) -> String {
        let of = answer["of"]?.stringValue == "prompts" ? "tuned prompts" : "vectors (tau)"
        let seeds = (answer["seeds"]?.objectValue ?? []).map { task, list in
            "\(task) \((list.arrayValue ?? []).compactMap(\.intValue).map(String.init).joined(separator: ","))"
        }
        return "cosine similarity of average-pooled \(of), model \(answer["model"]?.stringValue ?? "?"); seeds: \(seeds.joined(separator: "; "))"
    }
}
