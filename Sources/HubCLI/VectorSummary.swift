import JSON

/// One line about a stored vector: `vector 7 created: model t5-base, task mnli, seed 1, 20x768 -> /vectors/7`.
public enum VectorSummary {
    public static func line(_ vector: JSONValue, created: Bool) -> String {
        let shape = vector["shape"]?.arrayValue?.compactMap(\.intValue).map(String.init).joined(separator: "x") ?? "?"
        let id = vector["id"]?.intValue.map(String.init) ?? "?"
        var text = "vector \(id) \(created ? "created" : "replaced"): model \(vector["model"]?.stringValue ?? "?"), "
            + "task \(vector["task"]?.stringValue ?? "?"), seed \(vector["seed"]?.intValue.map(String.init) ?? "?"), \(shape)"
        if vector["has_tuned"]?.boolValue == true { text += ", with its tuned prompt" }
        return text + " -> /vectors/\(id)"
    }
}
