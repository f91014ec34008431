import Datasets
import HTTP
import JSON
import Jobs
import Store

/// `POST /recommend`: the stored source vectors (and pairs) ranked for initialising a target task,
/// each with its evidence (`RecommendRun` has the definitions). Small work is answered within the
/// request; larger work becomes a job of kind `recommend` (202, followed like any job).
struct RecommendRoute {
    let store: HubStore
    let auth: Authenticator
    let jobs: JobService
    let resolver: PromptResolver

    static let example = #"{"model": "all-minilm-l6-v2", "task": "rte", "examples": {"dataset": "train", "shots": 16}, "candidates": ["mnli", "qnli"], "pairs": true, "seed": 1}"#
    /// More prompts than this to score is refused rather than queued: it would hold a worker for hours.
    static let maximumEvaluations = 5000

    func register(on router: Router) {
        router.post("/recommend") { try recommend($0) }
    }

    func recommend(_ request: Request) throws -> Response {
        let owner = try auth.owner(of: request)
        try request.query.onlyKnown([])
        let p = try jobCall { try RecommendParameters.parse(try JSONBody.object(request, example: Self.example)) }
        _ = try Names.model(p.model)
        _ = try Names.task(p.task)
        for name in p.candidates ?? [] { _ = try Names.task(name) }
        let model = try jobCall { try jobs.models.model(named: p.model) }
        let width = model.config.hiddenSize
        let examples = try jobCall {
            do {
                return try RecommendExamples.load(p, store: store)
            } catch let error as DatasetError {
                throw HTTPError.badRequest("The inline examples are not valid JSONL data: \(error.description).",
                                           extra: error.line.map { [("line", .int($0))] } ?? [])
            }
        }
        if let folds = p.folds, folds > examples.count {
            throw HTTPError.badRequest("'folds' is \(folds) but there are \(examples.count) examples; use at most \(examples.count) folds (one example each).")
        }
        let spec = try resolve(p, width: width)
        guard spec.evaluationCount <= Self.maximumEvaluations else {
            throw HTTPError.badRequest("This would score \(spec.evaluationCount) prompts (\(spec.candidates.count) candidates\(p.pairs ? " and their pairs" : "")\(p.search ? " at \(p.grid.count) lambdas" : "")); at most \(Self.maximumEvaluations) are allowed. Name fewer 'candidates', or leave out pairs or search.")
        }
        let tokens = try jobCall { try examples.tokensPerPass(model: model, promptLength: spec.candidates[0].shape[0]) }
        let reason = "\(spec.evaluationCount) prompts x \(tokens) tokens per pass over the \(examples.count) examples = \(spec.evaluationCount * tokens) tokens"
        if spec.runsInRequest(tokensPerPass: tokens) {
            var answer = try jobCall { try jobs.recommend(spec) }
            if case .object(let members) = answer {
                answer = .object(members + [("ran", .string("in the request: \(reason), at most \(RecommendSpec.inRequestTokens) are"))])
            }
            return Representation.json(answer)
        }
        let record = try storeCall {
            try jobs.submit(JobSubmission(kind: .recommend, model: p.model, task: p.task, seed: p.seed, targetTask: nil,
                                          parameters: String(decoding: spec.json.serialized(), as: UTF8.self), owner: owner))
        }
        let position = try storeCall { try store.jobs.queuePosition(of: record.id) }
        let why = p.job ? "as a job, since the request asked for one (\(reason))" : "as a job: \(reason), more than the \(RecommendSpec.inRequestTokens) answered within a request"
        return Representation.json(.object([
            ("ran", .string(why)),
            ("job", Representation.job(record, position: position)),
            ("follow", .object([
                ("events", .string("/jobs/\(record.id)/events")),
                ("job", .string("/jobs/\(record.id)")),
                ("how", .string("GET /jobs/\(record.id)/events streams progress (one event per prompt scored) until 'end'; then GET /jobs/\(record.id) holds the ranking in 'result'")),
            ])),
        ]), status: .accepted, headers: [("Location", "/jobs/\(record.id)")])
    }

    /// The init, candidates and target vectors by digest. Candidates use their vector of the
    /// request's seed, else their lowest seed (a task prompt vector applies to any init). Every
    /// candidate must have the prompt shape [P, width], P being the stored init's rows for the seed,
    /// else the first candidate's: a named candidate that does not is a 409, a default one is skipped.
    private func resolve(_ p: RecommendParameters, width: Int) throws -> RecommendSpec {
        let summaries = try storeCall { try store.vectors.tasks(model: p.model) }
        var seedsByTask: [String: [Int]] = [:]
        for summary in summaries where summary.model == p.model { seedsByTask[summary.task] = summary.seeds.sorted() }
        let known = seedsByTask.keys.sorted()
        let names = p.candidates ?? known.filter { $0 != p.task }
        guard !names.isEmpty else {
            throw HTTPError.notFound("Model '\(p.model)' has no vectors of tasks other than '\(p.task)' to recommend; upload some with POST /vectors or train them with POST /jobs.")
        }
        var records: [VectorRecord] = []
        for name in names {
            guard let seeds = seedsByTask[name] else {
                throw HTTPError.notFound("Model '\(p.model)' has no vector for candidate task '\(name)'; its tasks with vectors are \(known.isEmpty ? "none" : known.joined(separator: ", ")).")
            }
            let seed = seeds.contains(p.seed) ? p.seed : seeds[0]
            guard let record = try storeCall({ try store.vectors.find(model: p.model, task: name, seed: seed) }) else {
                throw HTTPError.notFound("The vector of task '\(name)', seed \(seed) was deleted meanwhile; retry.")
            }
            records.append(record)
        }
        let storedInit = try storeCall { try store.inits.get(model: p.model, seed: p.seed) }
        let fitting = records.first { $0.shape.count == 2 && $0.shape[1] == width }
        guard let promptLength = storedInit?.shape.first ?? fitting?.shape[0] else {
            throw HTTPError(.conflict, "No candidate has prompts \(width) wide, the width of model '\(p.model)'; their shapes are \(records.map { "\($0.task) \($0.shape)" }.joined(separator: ", ")).")
        }
        let shape = [promptLength, width]
        var candidates: [RecommendSpec.Vector] = [], skipped: [RecommendSpec.Skipped] = []
        for record in records {
            guard record.shape == shape else {
                let why = "vector \(record.id) has shape \(record.shape), not \(shape) (\(storedInit != nil ? "the stored init of seed \(p.seed)" : "the first candidate's"))"
                if p.candidates != nil { throw HTTPError(.conflict, "Candidate '\(record.task)': \(why); leave it out.") }
                skipped.append(RecommendSpec.Skipped(task: record.task, reason: why))
                continue
            }
            candidates.append(Self.vector(record))
        }
        guard !candidates.isEmpty else {
            throw HTTPError(.conflict, "No candidate fits: \(skipped.map(\.reason).joined(separator: "; ")).")
        }
        let targets = try storeCall { try store.vectors.list(VectorFilter(model: p.model, task: p.task), limit: 1000, offset: 0) }
            .items.filter { $0.shape.count == 2 && $0.shape[1] == width }
        return RecommendSpec(parameters: p,
                             initial: try resolver.initSource(model: p.model, seed: p.seed, promptLength: promptLength, width: width),
                             candidates: candidates, targets: targets.map(Self.vector), skipped: skipped)
    }

    private static func vector(_ record: VectorRecord) -> RecommendSpec.Vector {
        RecommendSpec.Vector(id: record.id, task: record.task, seed: record.seed, sha256: record.sha256, shape: record.shape)
    }
}
