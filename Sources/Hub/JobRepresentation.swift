import HTTP
import JSON
import Jobs
import Store

/// How jobs look on the wire: `GET /jobs/{id}`, the items of `GET /jobs`, and SSE status/end data.
extension Representation {
    /// `live`: the running job's latest progress from memory (fresher than the stored one).
    static func job(_ j: JobRecord, live: JSONValue? = nil, position: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(j.id)), ("kind", .string(j.kind.rawValue)), ("status", .string(j.status.rawValue)),
            ("model", .string(j.model)), ("task", .string(j.task)), ("seed", .int(j.seed)), ("owner", .string(j.owner)),
            ("parameters", embeddedJSON(j.parameters)),
        ]
        if let position { members.append(("position", .int(position))) }
        members += [
            ("progress", live ?? embeddedJSON(j.progress)),
            ("metrics", embeddedJSON(j.metrics)),
            ("result", embeddedJSON(j.result)),
            ("vector_id", j.vectorID.map { .int($0) } ?? .null),
            ("error", j.error.map { .string($0) } ?? .null),
            ("attempts", .int(j.attempts)),
            ("cancel_requested", .bool(j.cancelRequested)),
            ("created_at", .string(j.createdAt)),
            ("started_at", j.startedAt.map { .string($0) } ?? .null),
            ("finished_at", j.finishedAt.map { .string($0) } ?? .null),
        ]
        var links: [(String, JSONValue)] = [("self", .string("/jobs/\(j.id)")), ("events", .string("/jobs/\(j.id)/events"))]
        if let vector = j.vectorID { links.append(("vector", .string("/vectors/\(vector)"))) }
        members.append(("links", .object(links)))
        return .object(members)
    }
}
