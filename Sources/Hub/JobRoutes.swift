import Datasets
import HTTP
import JSON
import Jobs
import PromptVectors
import Store

/// `/jobs`: queue prompt-tuning jobs and lambda searches, list and read them, follow them live
/// (Server-Sent Events) and cancel them.
struct JobRoutes {
    let store: HubStore
    let auth: Authenticator
    let jobs: JobService
    let resolver: PromptResolver

    func register(on router: Router) {
        router.post("/jobs") { try submit($0) }
        router.post("/lambda-search") { try submitSearch($0, body: try JSONBody.object($0, example: Self.searchExample)) }
        router.get("/jobs") { try list($0) }
        router.get("/jobs/:id") { try show($0) }
        router.get("/jobs/:id/events") { try JobEventStream(store: store, jobs: jobs).response(for: try load($0)) }
        router.delete("/jobs/:id") { try cancel($0) }
    }

    static let trainExample = #"{"model": "all-minilm-l6-v2", "task": "sst2", "seed": 1, "init": {"random": true}, "shots": 100, "epochs": 10}"#
    static let searchExample = #"{"model": "all-minilm-l6-v2", "tasks": "mnli,qnli", "seed": 1}"#

    func submit(_ request: Request) throws -> Response {
        let body = try JSONBody.object(request, example: Self.trainExample)
        switch body["kind"]?.stringValue ?? "train" {
        case "train": return try submitTraining(request, body: body)
        case "lambda-search": return try submitSearch(request, body: body)
        case let other:
            throw HTTPError.badRequest("Unknown job kind '\(Names.printable(other))'; use \"train\" (the default) or \"lambda-search\" (recommendations are queued by POST /recommend).")
        }
    }

    private func submitTraining(_ request: Request, body: JSONValue) throws -> Response {
        let owner = try auth.owner(of: request)
        try request.query.onlyKnown([])
        let p = try jobCall { try TrainParameters.parse(body) }
        _ = try Names.model(p.model)
        _ = try Names.task(p.task)
        _ = try Names.task(p.storeAs)
        let model = try jobCall { try jobs.models.model(named: p.model) }
        guard p.promptLength + p.maxLength <= model.config.maxPositions else {
            throw HTTPError.badRequest("prompt_length (\(p.promptLength)) plus max_length (\(p.maxLength)) exceeds the \(model.config.maxPositions) positions of model '\(p.model)'; lower one of them.")
        }
        let train = try split(.train, of: p.task)
        if let shots = p.shots, shots > train.exampleCount {
            throw HTTPError.badRequest("The job asks for \(shots) shots but the train split of task '\(p.task)' has \(train.exampleCount) examples; ask for at most \(train.exampleCount), or leave 'shots' out to train on all of them.")
        }
        let width = model.config.hiddenSize
        let spec = TrainJobSpec(
            parameters: p,
            start: try resolver.recipe(for: p.initialization, model: p.model, seed: p.seed, promptLength: p.promptLength, width: width),
            reference: try resolver.initSource(model: p.model, seed: p.seed, promptLength: p.promptLength, width: width))
        let record = try storeCall {
            try jobs.submit(JobSubmission(kind: .train, model: p.model, task: p.task, seed: p.seed, targetTask: p.storeAs,
                                          parameters: String(decoding: spec.json.serialized(), as: UTF8.self), owner: owner))
        }
        return created(record)
    }

    private func submitSearch(_ request: Request, body: JSONValue) throws -> Response {
        let owner = try auth.owner(of: request)
        try request.query.onlyKnown([])
        let p = try jobCall { try LambdaSearchParameters.parse(body) }
        _ = try Names.model(p.model)
        let width = try jobCall { try jobs.models.model(named: p.model) }.config.hiddenSize
        let composition = try resolver.recipe(for: .compose(tasks: p.tasks, lambda: 1, merge: p.merge), model: p.model, seed: p.seed,
                                              promptLength: nil, width: width)
        var scored: [String] = []
        // The resolver parsed the terms already; a failure here cannot happen.
        for term in (try? CompositionTerms(parsing: p.tasks))?.terms ?? [] where !scored.contains(term.task) {
            scored.append(term.task)
            _ = try split(.validation, of: term.task)
        }
        let spec = LambdaSearchSpec(parameters: p, tasks: scored, composition: composition)
        let record = try storeCall {
            try jobs.submit(JobSubmission(kind: .lambdaSearch, model: p.model, task: scored.joined(separator: ","), seed: p.seed,
                                          targetTask: nil, parameters: String(decoding: spec.json.serialized(), as: UTF8.self),
                                          owner: owner))
        }
        return created(record)
    }

    func list(_ request: Request) throws -> Response {
        try request.query.onlyKnown(["status", "limit", "offset"])
        var status: JobStatus?
        if let name = request.query["status"] {
            guard let parsed = JobStatus(rawValue: name) else {
                throw HTTPError.badRequest("Unknown status '\(Names.printable(name))'; use one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            status = parsed
        }
        let limit = try request.query.integer("limit", in: 0...1000) ?? 100
        let offset = try request.query.integer("offset", in: 0...Int(Int32.max)) ?? 0
        let page = try storeCall { try store.jobs.list(status: status, limit: limit, offset: offset) }
        return Representation.json(.object([
            ("items", .array(try page.items.map(representation))),
            ("total", .int(page.total)),
        ]))
    }

    func show(_ request: Request) throws -> Response {
        try request.query.onlyKnown([])
        return Representation.json(try representation(try load(request)))
    }

    /// 200 with the job once it is cancelled; 202 while a running job is still stopping.
    func cancel(_ request: Request) throws -> Response {
        let owner = try auth.owner(of: request)
        let job = try load(request)
        guard job.owner == owner else {
            throw HTTPError(.forbidden, "Job \(job.id) belongs to '\(job.owner)'; only its owner may cancel it.")
        }
        let after = try storeCall { try jobs.cancel(id: job.id) }
        return Representation.json(try representation(after), status: after.status.isFinished ? .ok : .accepted)
    }

    // MARK: - Parts

    func representation(_ job: JobRecord) throws -> JSONValue {
        let position = job.status == .queued ? try storeCall { try store.jobs.queuePosition(of: job.id) } : nil
        return Representation.job(job, live: job.status == .running ? jobs.events.latestProgress(job.id) : nil,
                                  position: position)
    }

    private func created(_ record: JobRecord) -> Response {
        Representation.json((try? representation(record)) ?? Representation.job(record), status: .created,
                            headers: [("Location", "/jobs/\(record.id)")])
    }

    func load(_ request: Request) throws -> JobRecord {
        let text = request.parameters["id"] ?? ""
        guard let id = Int(text), id > 0 else {
            throw HTTPError.notFound("'\(Names.printable(text))' is not a job id; ids are positive integers.")
        }
        guard let job = try storeCall({ try store.jobs.get(id: id) }) else {
            throw HTTPError.notFound("No job with id \(id); list them with GET /jobs.")
        }
        return job
    }

    /// The stored split of a task, or a 400 that says how to upload it (the issue's contract: an unknown
    /// model, task or dataset in a job is a bad request, not a missing resource).
    private func split(_ split: DatasetSplit, of task: String) throws -> DatasetRecord {
        guard let record = try storeCall({ try store.datasets.get(task: task, split: split) }) else {
            let known = try storeCall { try store.datasets.task(task) } != nil
            throw HTTPError.badRequest(known
                ? "Task '\(task)' has no \(split.rawValue) split; upload it with POST /datasets/\(task)?split=\(split.rawValue)."
                : "Task '\(task)' has no datasets; upload its train split with POST /datasets/\(task)?split=train (GET /datasets lists the tasks).")
        }
        return record
    }
}
