import Datasets
import HTTP
import Store

/// `/datasets`: upload, replace, list, download and delete the labelled JSONL data of tasks.
struct DatasetRoutes {
    let store: HubStore
    let auth: Authenticator

    func register(on router: Router) {
        router.post("/datasets/:task") { try create($0) }
        router.put("/datasets/:task") { try put($0, split: try split(query: $0)) }
        router.put("/datasets/:task/:split") { try put($0, split: try split(path: $0)) }
        router.get("/datasets") { try list($0) }
        router.get("/datasets/:task") { try show($0) }
        // On the event loop like tensor downloads: one blocking GET route would make every GET pay a
        // second route lookup (Router.isBlocking), and a file of a few MB reads from the page cache in ~1 ms.
        router.get("/datasets/:task/:split") { try data($0) }
        router.delete("/datasets/:task/:split") { try remove($0) }
    }

    func create(_ request: Request) throws -> Response {
        let owner = try auth.owner(of: request)
        try request.query.onlyKnown(["split", "labels"])
        let record = try write(request, task: try task(request), split: try split(query: request)) {
            try store.datasets.insert($0, owner: owner)
        }
        return created(record)
    }

    /// PUT replaces the owner's split, or creates it when the split is free.
    func put(_ request: Request, split: DatasetSplit) throws -> Response {
        let owner = try auth.owner(of: request)
        try request.query.onlyKnown(request.parameters["split"] == nil ? ["split", "labels"] : ["labels"])
        let task = try task(request)
        guard let existing = try storeCall({ try store.datasets.get(task: task, split: split) }) else {
            return created(try write(request, task: task, split: split) { try store.datasets.insert($0, owner: owner) })
        }
        guard existing.owner == owner else {
            throw HTTPError(.forbidden, "The \(split.rawValue) split of task '\(task)' belongs to '\(existing.owner)'; only its owner may replace it.")
        }
        return Representation.json(Representation.dataset(try write(request, task: task, split: split) {
            try store.datasets.replace(with: $0)
        }))
    }

    func list(_ request: Request) throws -> Response {
        try request.query.onlyKnown([])
        let tasks = try storeCall { try store.datasets.tasks() }
        return Representation.json(.object([
            ("items", .array(tasks.map { Representation.datasetTask($0, detailed: false) })),
            ("total", .int(tasks.count)),
        ]))
    }

    func show(_ request: Request) throws -> Response {
        try request.query.onlyKnown([])
        let name = try task(request)
        guard let task = try storeCall({ try store.datasets.task(name) }) else {
            throw HTTPError.notFound("Task '\(name)' has no datasets; list them with GET /datasets.")
        }
        return Representation.json(Representation.datasetTask(task, detailed: true))
    }

    /// The JSONL as uploaded; its SHA-256 is a strong ETag.
    func data(_ request: Request) throws -> Response {
        try request.query.onlyKnown([])
        let record = try load(request)
        let etag = "\"\(record.sha256)\""
        var headers = HTTPHeaders([("ETag", etag), ("Cache-Control", "no-cache")])
        if let notModified = ETagList.notModified(request, etag: etag, headers: headers) { return notModified }
        let bytes = try storeCall { try store.blobs.read(record.sha256) }
        headers.add("Content-Type", "application/x-ndjson")
        headers.add("Content-Disposition", "attachment; filename=\"\(record.task)_\(record.split.rawValue).jsonl\"")
        return Response(status: .ok, headers: headers, body: .bytes(bytes))
    }

    func remove(_ request: Request) throws -> Response {
        let owner = try auth.owner(of: request)
        let record = try load(request)
        guard record.owner == owner else {
            throw HTTPError(.forbidden, "The \(record.split.rawValue) split of task '\(record.task)' belongs to '\(record.owner)'; only its owner may delete it.")
        }
        try storeCall { _ = try store.datasets.delete(task: record.task, split: record.split) }
        return Response(status: .noContent)
    }

    // MARK: - Parts of requests

    /// Validates the body against the task's stored schema and stores it with `body`. When another
    /// upload defines the task in between, the stored schema changed, so the data is checked again.
    private func write(_ request: Request, task: String, split: DatasetSplit,
                       _ body: (DatasetUpload) throws -> DatasetRecord) throws -> DatasetRecord {
        var attempt = 1
        while true {
            let stored = try storeCall { try store.datasets.task(task)?.schema }
            let upload = try UploadedDataset.decode(request, task: task, split: split, stored: stored)
            do {
                return try body(upload)
            } catch StoreError.taskSchemaChanged where attempt < 3 {
                attempt += 1
            } catch {
                throw httpError(from: error)
            }
        }
    }

    private func created(_ record: DatasetRecord) -> Response {
        Representation.json(Representation.dataset(record), status: .created,
                            headers: [("Location", Representation.dataPath(record))])
    }

    private func task(_ request: Request) throws -> String {
        try Names.task(request.parameters["task"] ?? "")
    }

    private func split(query request: Request) throws -> DatasetSplit {
        let name = try request.query.required("split", example: "train")
        guard let split = DatasetSplit(rawValue: name) else {
            throw HTTPError.badRequest("Unknown split '\(Names.printable(name))'; use \(Self.splitNames).")
        }
        return split
    }

    private func split(path request: Request) throws -> DatasetSplit {
        let name = request.parameters["split"] ?? ""
        guard let split = DatasetSplit(rawValue: name) else {
            throw HTTPError.notFound("No split '\(Names.printable(name))'; a task's splits are \(Self.splitNames).")
        }
        return split
    }

    private static let splitNames = DatasetSplit.allCases.map(\.rawValue).joined(separator: ", ")

    private func load(_ request: Request) throws -> DatasetRecord {
        let (task, split) = (try task(request), try split(path: request))
        guard let record = try storeCall({ try store.datasets.get(task: task, split: split) }) else {
            throw HTTPError.notFound("Task '\(task)' has no \(split.rawValue) split; list datasets with GET /datasets.")
        }
        return record
    }
}
