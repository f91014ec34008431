import Datasets
import Foundation
import JSON
import Store
import Training

/// The hub's prompt-tuning jobs: the durable queue (in the store), the worker threads that run
/// jobs one at a time each, cancellation, live events, and evaluation without a job.
///
/// Recovery: `start()` first hands the store's `recoverInterrupted`, so jobs a killed process
/// left `running` go back to the queue (training is deterministic for a seed, so a re-run from
/// the start gives the same vector) and fail after three interruptions. A graceful `shutdown()`
/// interrupts running jobs and puts them back in the queue without counting an attempt.
public final class JobService: @unchecked Sendable {
    public let store: HubStore
    public let models: ModelCatalog
    public let events = JobEvents()
    public let codeVersion: String
    public let workerCount: Int
    private let log: @Sendable (String) -> Void

    private let condition = NSCondition()
    private var stopping = false
    private var generation = 0
    private var cancelRequested: Set<Int> = []
    private let finished = DispatchGroup()
    private var evaluationsRunning = 0
    /// Evaluations answer within their request, on the server's small pool of blocking threads that
    /// every upload needs too; more than this many at once wait for a retry instead of starving uploads.
    public var maximumConcurrentEvaluations = 2

    public init(store: HubStore, models: ModelCatalog, workers: Int = 1, codeVersion: String,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.models = models
        self.workerCount = max(1, workers)
        self.codeVersion = codeVersion
        self.log = log
    }

    /// Recovers interrupted jobs and starts the workers.
    @discardableResult
    public func start() throws -> JobRecovery {
        let recovery = try store.jobs.recoverInterrupted()
        for index in 0..<workerCount {
            finished.enter()
            let thread = Thread { [self] in
                workerLoop()
                finished.leave()
            }
            thread.name = "tpv-worker-\(index)"
            thread.start()
        }
        return recovery
    }

    /// Stops the workers: running jobs are interrupted and queued again. Returns when they have stopped.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }

    /// Queues a job and wakes a worker.
    public func submit(_ submission: JobSubmission) throws -> JobRecord {
        let record = try store.jobs.submit(submission)
        condition.lock()
        generation += 1
        condition.broadcast()
        condition.unlock()
        return record
    }

    /// Cancels job `id`: a queued one at once; a running one is asked to stop and this waits up to
    /// `wait` seconds for it. Returns the job as it then is.
    public func cancel(id: Int, wait: Double = 5) throws -> JobRecord {
        let subscription = events.subscribe(id)
        defer { subscription.cancel() }
        let record = try store.jobs.requestCancel(id: id)
        guard record.status == .running else { return record }
        condition.lock()
        cancelRequested.insert(id)
        condition.unlock()
        let deadline = Date(timeIntervalSinceNow: wait)
        while case let remaining = deadline.timeIntervalSinceNow, remaining > 0 {
            if subscription.next(timeout: remaining) == .end { break }
        }
        return try store.jobs.get(id: id) ?? record
    }

    /// Scores `recipe` on a split of `task` (the first `limit` examples): what `POST /evaluate` answers.
    public func evaluate(model name: String, task: String, split: DatasetSplit, recipe: PromptRecipe,
                         limit: Int?) throws -> (metrics: JSONValue, seconds: Double) {
        try withEvaluationSlot(retryHint: "or pass a smaller limit") {
            let started = Date()
            let model = try models.model(named: name)
            let data = try TaskData.load(task, store: store)
            let examples = try data.examples(split, limit: limit, store: store)
            let prompt = try recipe.load(store: store, model: model).prompt()
            let metrics = try PromptTrainer(model: model).evaluate(prompt: prompt, examples: examples, task: data.spec)
            return (TrainingJSON.metrics(metrics), Date().timeIntervalSince(started))
        }
    }

    /// Runs a small recommendation within the request (what `POST /recommend` answers when
    /// `spec.runsInRequest`); larger ones are jobs of kind `recommend`. Returns the answer.
    public func recommend(_ spec: RecommendSpec) throws -> JSONValue {
        try withEvaluationSlot(retryHint: "or send \"job\": true to queue it") {
            try RecommendRun(spec: spec, store: store, models: models, progress: { _ in }, isCancelled: { false }).run().result
        }
    }

    /// `body` while holding one of the `maximumConcurrentEvaluations` slots; busy when none is free.
    private func withEvaluationSlot<T>(retryHint: String, _ body: () throws -> T) throws -> T {
        condition.lock()
        guard evaluationsRunning < maximumConcurrentEvaluations else {
            condition.unlock()
            throw JobRequestError("\(maximumConcurrentEvaluations) evaluations are running; retry in a few seconds, \(retryHint)", kind: .busy)
        }
        evaluationsRunning += 1
        condition.unlock()
        defer {
            condition.lock()
            evaluationsRunning -= 1
            condition.unlock()
        }
        return try body()
    }

    // MARK: - Workers

    private func workerLoop() {
        while true {
            condition.lock()
            let seen = generation
            let stop = stopping
            condition.unlock()
            if stop { return }
            let job: JobRecord?
            do { job = try store.jobs.claimNext() } catch {
                log("cannot read the job queue: \(error); retrying")
                job = nil
            }
            if let job {
                execute(job)
                continue
            }
            condition.lock()
            // A submit between the claim and here changed the generation: look again at once.
            if generation == seen && !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: 2)) }
            condition.unlock()
        }
    }

    private func execute(_ job: JobRecord) {
        condition.lock()
        if job.cancelRequested { cancelRequested.insert(job.id) }
        condition.unlock()
        log("job \(job.id) (\(job.kind.rawValue) \(job.task), seed \(job.seed)) started, attempt \(job.attempts)")
        events.publish(job.id, .started)
        let context = JobContext(store: store, models: models, events: events, codeVersion: "tpv-hub \(codeVersion)",
                                 isCancelled: { [self] in shouldStop(job.id) })
        do {
            let parameters = try JSONValue.parse(Array(job.parameters.utf8))
            switch job.kind {
            case .train:
                let outcome = try TrainingJobRun(job: job, spec: try TrainJobSpec(json: parameters), context: context).run()
                let done = try store.jobs.succeed(id: job.id, metrics: Self.text(outcome.metrics), result: Self.text(outcome.result),
                                                  vector: outcome.vector, owner: job.owner)
                log("job \(job.id) succeeded: vector \(done.vectorID.map(String.init) ?? "-")")
            case .lambdaSearch:
                let outcome = try LambdaSearchRun(job: job, spec: try LambdaSearchSpec(json: parameters), context: context).run()
                _ = try store.jobs.finish(id: job.id, status: .succeeded, error: nil, metrics: Self.text(outcome.metrics),
                                          result: Self.text(outcome.result))
                log("job \(job.id) succeeded")
            case .recommend:
                let run = RecommendRun(spec: try RecommendSpec(json: parameters), store: store, models: models,
                                       progress: { [events] in events.publish(job.id, .progress($0)) },
                                       isCancelled: context.isCancelled)
                let outcome = try run.run()
                _ = try store.jobs.finish(id: job.id, status: .succeeded, error: nil, metrics: Self.text(outcome.metrics),
                                          result: Self.text(outcome.result))
                log("job \(job.id) succeeded")
            }
        } catch let cancelled as TrainingCancelled {
            end(job, interruptedAfter: cancelled.completedSteps)
        } catch {
            let message = Self.message(error)
            log("job \(job.id) failed: \(message)")
            record { _ = try store.jobs.finish(id: job.id, status: .failed, error: message) }
        }
        condition.lock()
        cancelRequested.remove(job.id)
        condition.unlock()
        events.publish(job.id, .end)
    }

    /// A stop seen mid-run: the owner's cancel, or the server stopping (back to the queue).
    private func end(_ job: JobRecord, interruptedAfter steps: Int) {
        condition.lock()
        let byOwner = cancelRequested.contains(job.id)
        condition.unlock()
        if byOwner {
            log("job \(job.id) cancelled after \(steps) steps")
            record { _ = try store.jobs.finish(id: job.id, status: .cancelled, error: "cancelled by its owner after \(steps) steps") }
        } else {
            log("job \(job.id) interrupted by shutdown after \(steps) steps; queued again")
            record { try store.jobs.requeue(id: job.id) }
        }
    }

    private func shouldStop(_ id: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping || cancelRequested.contains(id)
    }

    private func record(_ write: () throws -> Void) {
        do { try write() } catch { log("cannot record a job's end: \(error)") }
    }

    static func text(_ value: JSONValue) -> String { String(decoding: value.serialized(), as: UTF8.self) }

    /// The error as a job's `error`: its own message where it has one.
    static func message(_ error: Error) -> String {
        switch error {
        case let e as JobRequestError: return e.message
        case let e as TrainingError: return e.message
        case let e as StoreError: return e.description
        case let e as CustomStringConvertible: return e.description
        default: return "\(error)"
        }
    }
}
