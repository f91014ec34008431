import HTTP
import JSON
import PromptVectors
import Store

/// Which model, init and stored vectors a composition uses, decided from what the hub holds.
///
/// - model: as given, else the one model that holds every named task (400 naming the
///   candidates when several do).
/// - seed: as given, else the lowest seed that has an init (unless `init=none`) and a
///   vector for each task not pinned with `task@seed`.
/// - each task's vector: the one at its pinned seed, else at the chosen seed.
struct CompositionPlan {
    let model: String
    let seed: Int?
    let initRecord: InitRecord?
    let vectors: [(term: CompositionTerms.Term, record: VectorRecord)]

    static func resolve(store: HubStore, terms: CompositionTerms, model requestedModel: String?,
                        seed requestedSeed: Int?, withInit: Bool) throws -> CompositionPlan {
        let summaries = try storeCall { try store.vectors.tasks(model: requestedModel) }
        let model = try chooseModel(summaries: summaries, tasks: terms.tasks, requested: requestedModel)
        var seedsByTask: [String: [Int]] = [:]
        for summary in summaries where summary.model == model { seedsByTask[summary.task] = summary.seeds.sorted() }
        for task in terms.tasks where seedsByTask[task] == nil {
            throw HTTPError.notFound("Model '\(model)' has no vector for task '\(task)'; its tasks are \(seedsByTask.keys.sorted().joined(separator: ", ")).")
        }
        let initSeeds = Set(try storeCall { try store.inits.list(model: model) }.map(\.seed))

        var seed = requestedSeed
        if seed == nil {
            var candidates = withInit ? initSeeds : Set(seedsByTask.values.joined())
            for term in terms.terms where term.seed == nil { candidates.formIntersection(seedsByTask[term.task]!) }
            guard let lowest = candidates.min() else {
                let available = terms.tasks.map { "\($0): \(seedsByTask[$0]!.map(String.init).joined(separator: ","))" }
                let inits = initSeeds.sorted().map(String.init).joined(separator: ",")
                throw HTTPError.badRequest("No seed has \(withInit ? "an init and " : "")a vector for every task. Seeds per task: \(available.joined(separator: "; "))\(withInit ? "; inits: \(inits.isEmpty ? "none" : inits)" : ""). Pick seed= and pin others with task@seed.")
            }
            seed = lowest
        }
        var initRecord: InitRecord?
        if withInit, let seed {
            initRecord = try storeCall { try store.inits.get(model: model, seed: seed) }
            if initRecord == nil {
                throw HTTPError.notFound("No init for model '\(model)', seed \(seed); seeds with an init: \(initSeeds.sorted().map(String.init).joined(separator: ", ")). Upload one with POST /inits, or pass init=none for the combined vector alone.")
            }
        }
        var vectors: [(CompositionTerms.Term, VectorRecord)] = []
        for term in terms.terms {
            let vectorSeed = term.seed ?? seed!
            guard let record = try storeCall({ try store.vectors.find(model: model, task: term.task, seed: vectorSeed) }) else {
                throw HTTPError.notFound("Task '\(term.task)' has no vector for seed \(vectorSeed) on model '\(model)'; its seeds are \(seedsByTask[term.task]!.map(String.init).joined(separator: ", ")). Pin one with \(term.task)@SEED.")
            }
            vectors.append((term, record))
        }
        return CompositionPlan(model: model, seed: seed, initRecord: initRecord, vectors: vectors)
    }

    static func chooseModel(summaries: [TaskSummary], tasks: [String], requested: String?) throws -> String {
        if let requested {
            guard summaries.contains(where: { $0.model == requested }) else {
                throw HTTPError.notFound("No vectors for model '\(requested)'; see GET /models.")
            }
            return requested
        }
        var tasksByModel: [String: Set<String>] = [:]
        for summary in summaries { tasksByModel[summary.model, default: []].insert(summary.task) }
        let holding = tasksByModel.filter { Set(tasks).isSubset(of: $0.value) }.keys.sorted()
        switch holding.count {
        case 1: return holding[0]
        case 0: throw HTTPError.notFound("No model holds vectors for all of \(tasks.joined(separator: ", ")); see GET /tasks.")
        default: throw HTTPError.badRequest("Several models hold these tasks: \(holding.joined(separator: ", ")); add model=.", extra: [("models", .array(holding.map { .string($0) }))])
        }
    }
}
