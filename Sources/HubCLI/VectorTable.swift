import JSON

/// `tpv ls`: one line per stored vector.
public enum VectorTable {
    public static func render(_ vectors: [JSONValue]) -> [String] {
        var table = TextTable([("ID", .right), ("MODEL", .left), ("TASK", .left), ("SEED", .right), ("SHAPE", .left),
                               ("TUNED", .left), ("OWNER", .left), ("CREATED (UTC)", .left)])
        for vector in vectors {
            let shape = vector["shape"]?.arrayValue?.compactMap(\.intValue).map(String.init).joined(separator: "x") ?? "?"
            table.append([
                vector["id"]?.intValue.map(String.init) ?? "?",
                vector["model"]?.stringValue ?? "?",
                vector["task"]?.stringValue ?? "?",
                vector["seed"]?.intValue.map(String.init) ?? "?",
                shape,
                vector["has_tuned"]?.boolValue == true ? "yes" : "no",
                vector["owner"]?.stringValue ?? "?",
                JobTable.created(vector["created"]?.stringValue),
            ])
        }
        return table.render()
    }
}
