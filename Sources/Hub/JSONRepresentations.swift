import HTTP
import JSON
import Store

/// How stored records look on the wire.
enum Representation {
    static func vector(_ v: VectorRecord) -> JSONValue {
        let (rows, cols) = (v.shape.first ?? 0, v.shape.last ?? 0)
        return .object([
            ("id", .int(v.id)),
            ("model", .string(v.model)),
            ("task", .string(v.task)),
            ("seed", .int(v.seed)),
            ("shape", .array(v.shape.map { .int($0) })),
            ("dtype", "F32"),
            ("num_virtual_tokens", .int(v.metadata.numVirtualTokens ?? rows)),
            ("token_dim", .int(cols)),
            ("sha256", .string(v.sha256)),
            ("size_bytes", .int(v.shape.reduce(1, *) * 4)),
            ("owner", .string(v.owner)),
            ("created", .string(v.createdAt)),
            ("updated", .string(v.updatedAt)),
            ("description", v.metadata.description.map { .string($0) } ?? .null),
            ("metrics", embeddedJSON(v.metadata.metrics)),
            ("source", v.metadata.source.map { .string($0) } ?? .null),
            ("provenance", embeddedJSON(v.metadata.provenance)),
            ("init_id", v.initID.map { .int($0) } ?? .null),
            ("has_tuned", .bool(v.tunedSHA256 != nil)),
            ("links", .object([
                ("self", .string("/vectors/\(v.id)")),
                ("data", .string("/vectors/\(v.id)/data")),
            ])),
        ])
    }

    static func initPrompt(_ i: InitRecord) -> JSONValue {
        .object([
            ("id", .int(i.id)),
            ("model", .string(i.model)),
            ("seed", .int(i.seed)),
            ("shape", .array(i.shape.map { .int($0) })),
            ("sha256", .string(i.sha256)),
            ("owner", .string(i.owner)),
            ("created", .string(i.createdAt)),
            ("links", .object([("data", .string("/inits/\(i.id)/data"))])),
        ])
    }

    /// Metrics and provenance are stored as JSON text the hub validated on the way in.
    static func embeddedJSON(_ text: String?) -> JSONValue {
        guard let text, let value = try? JSONValue.parse(Array(text.utf8)) else { return .null }
        return value
    }

    static func json(_ value: JSONValue, status: HTTPStatus = .ok, headers: [(String, String)] = []) -> Response {
        var all = HTTPHeaders(headers)
        all.add("Content-Type", "application/json")
        return Response(status: status, headers: all, body: .bytes(value.serialized()))
    }
}
