import HTTP
import JSON
import Store

/// `/health`, `/models` and `/tasks`: what the hub holds, derived from the stored vectors, and
/// which models it can train and evaluate with (`trainable`).
struct CatalogRoutes {
    let store: HubStore
    let version: String
    /// Names of the installed models (nil: the hub runs without jobs).
    let installedModels: (@Sendable () -> [String])?

    func register(on router: Router) {
        let health = JSONValue.object([("status", "ok"), ("version", .string(version))]).serialized()
        router.get("/health") { _ in Response(contentType: "application/json", bytes: health) }
        router.get("/models") { _ in
            let installed = Set(installedModels?() ?? [])
            let models = try storeCall { try store.vectors.models() }
            var items: [(String, JSONValue)] = models.map { m in
                (m.model, .object([
                    ("model", .string(m.model)),
                    ("trainable", .bool(installed.contains(m.model))),
                    ("token_dim", m.tokenDimensions.count == 1 ? .int(m.tokenDimensions[0]) : .array(m.tokenDimensions.map { .int($0) })),
                    ("vectors", .int(m.vectorCount)),
                    ("tasks", .int(m.taskCount)),
                    ("seeds", .int(m.seedCount)),
                    ("inits", .int(m.initCount)),
                    ("shapes", .array(m.shapes.map { .array($0.map { .int($0) }) })),
                ]))
            }
            // Installed models without vectors yet: what jobs can train.
            for name in installed where !models.contains(where: { $0.model == name }) {
                items.append((name, .object([("model", .string(name)), ("trainable", true), ("token_dim", .null), ("vectors", 0),
                                             ("tasks", 0), ("seeds", 0), ("inits", 0), ("shapes", [])])))
            }
            return Representation.json(.object([("items", .array(items.sorted { $0.0 < $1.0 }.map(\.1)))]))
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
