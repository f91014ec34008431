import HTTP
import JSON
import Store

/// `/health`, `/models` and `/tasks`: what the hub holds, derived from the stored vectors.
struct CatalogRoutes {
    let store: HubStore
    let version: String

    func register(on router: Router) {
        let health = JSONValue.object([("status", "ok"), ("version", .string(version))]).serialized()
        router.get("/health") { _ in Response(contentType: "application/json", bytes: health) }
        router.get("/models") { _ in
            let models = try storeCall { try store.vectors.models() }
            return Representation.json(.object([("items", .array(models.map { m in
                .object([
                    ("model", .string(m.model)),
                    ("token_dim", m.tokenDimensions.count == 1 ? .int(m.tokenDimensions[0]) : .array(m.tokenDimensions.map { .int($0) })),
                    ("vectors", .int(m.vectorCount)),
                    ("tasks", .int(m.taskCount)),
                    ("seeds", .int(m.seedCount)),
                    ("inits", .int(m.initCount)),
                    ("shapes", .array(m.shapes.map { .array($0.map { .int($0) }) })),
                ])
            }))]))
        }
        router.get("/tasks") { request in
            try request.query.onlyKnown(["model"])
            let tasks = try storeCall { try store.vectors.tasks(model: try request.query["model"].map(Names.model)) }
            return Representation.json(.object([("items", .array(tasks.map { t in
                .object([
                    ("model", .string(t.model)),
                    ("task", .string(t.task)),
                    ("vectors", .int(t.vectorCount)),
                    ("seeds", .array(t.seeds.map { .int($0) })),
                ])
            }))]))
        }
    }
}
