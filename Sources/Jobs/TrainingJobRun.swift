import Datasets
import Foundation
import JSON
import PromptVectors
import Store
import Tensor
import Training

/// One training job from its queued parameters to what the store keeps: samples the shots,
/// builds the start prompt, trains, scores the best prompt on the test split, and makes the
/// vector (tau from the seed's init) with its provenance.
struct TrainingJobRun {
    let job: JobRecord
    let spec: TrainJobSpec
    let context: JobContext

    struct Outcome {
        let metrics: JSONValue
        let result: JSONValue
        let vector: VectorUpload
    }

    func run() throws -> Outcome {
        let p = spec.parameters
        let store = context.store
        let model = try context.models.model(named: p.model)
        let data = try TaskData.load(p.task, store: store)
        let everything = try data.examples(.train, store: store)
        let training = try p.shots.map {
            try FewShotSampler.sample(everything, count: $0, task: data.spec, seed: UInt64(p.seed))
        } ?? everything
        let validation = data.splits[.validation] == nil ? []
            : try data.examples(.validation, limit: p.validationLimit, store: store)
        let start = try spec.start.load(store: store, model: model).prompt()
        let reference = try spec.reference.tensor(store: store, model: model)

        let trainer = PromptTrainer(model: model, configuration: p.configuration)
        var progressWriter = ThrottledProgress(jobID: job.id, store: store)
        let result = try trainer.train(
            task: data.spec, training: training, validation: validation, startingFrom: start,
            progress: { progress in
                let json = TrainingJSON.progress(progress)
                context.events.publish(job.id, .progress(json))
                progressWriter.record(json)
            },
            evaluated: { context.events.publish(job.id, .evaluation(TrainingJSON.record($0))) },
            isCancelled: context.isCancelled)
        progressWriter.flush()

        var metrics: [(String, JSONValue)] = [("validation", TrainingJSON.optionalMetrics(result.validation))]
        if data.splits[.test] != nil {
            let test = try data.examples(.test, store: store)
            let scored = try trainer.evaluate(prompt: result.prompt, examples: test, task: data.spec,
                                              isCancelled: context.isCancelled)
            metrics.append(("test", TrainingJSON.metrics(scored)))
        }
        let tau: Tensor
        do {
            tau = try PromptArithmetic.taskVector(tuned: result.prompt, initial: reference)
        } catch let error as PromptArithmetic.ShapeMismatch {
            throw JobRequestError("the seed's init does not fit the tuned prompt: \(error.description)", kind: .conflict)
        }
        return Outcome(metrics: .object(metrics), result: summary(result, trainingCount: training.count),
                       vector: try vector(tau: tau, tuned: result.prompt, reference: reference, data: data,
                                          metrics: .object(metrics), bestStep: result.bestStep))
    }

    private func summary(_ result: TrainingResult, trainingCount: Int) -> JSONValue {
        .object([
            ("training_examples", .int(trainingCount)), ("steps", .int(result.steps)), ("best_step", .int(result.bestStep)),
            ("initial_validation", TrainingJSON.optionalMetrics(result.initialValidation)),
            ("seconds", .double((result.seconds * 10).rounded() / 10)),
            ("evaluation_seconds", .double((result.evaluationSeconds * 10).rounded() / 10)),
            ("examples_per_second", .double((result.examplesPerSecond * 10).rounded() / 10)),
            ("history", .array(result.history.map(TrainingJSON.record))),
        ])
    }

    private func vector(tau: Tensor, tuned: Tensor, reference: Tensor, data: TaskData, metrics: JSONValue,
                        bestStep: Int) throws -> VectorUpload {
        let p = spec.parameters
        var datasets: [(String, JSONValue)] = []
        for split in DatasetSplit.allCases {
            if let record = data.splits[split] {
                datasets.append((split.rawValue, ["sha256": .string(record.sha256), "examples": .int(record.exampleCount)]))
            }
        }
        let provenance: JSONValue = .object([
            ("job_id", .int(job.id)), ("kind", "train"), ("parameters", spec.json), ("datasets", .object(datasets)),
            ("best_step", .int(bestStep)), ("code_version", .string(context.codeVersion)),
            ("created_by", .string(job.owner)),
        ])
        let shots = p.shots.map { "\($0) shots" } ?? "all training examples"
        let metadata = VectorMetadata(
            description: "Prompt tuned on \(p.task) (\(shots), \(p.maxSteps.map { "\($0) steps" } ?? "\(p.epochs) epochs")) by job \(job.id)",
            numVirtualTokens: p.promptLength, metrics: String(decoding: metrics.serialized(), as: UTF8.self),
            source: "tpv-hub job \(job.id)", provenance: String(decoding: provenance.serialized(), as: UTF8.self))
        return VectorUpload(model: p.model, task: p.storeAs, seed: p.seed, shape: tau.shape, tau: RawFloat32.encode(tau),
                            tuned: RawFloat32.encode(tuned), initialPrompt: RawFloat32.encode(reference), metadata: metadata)
    }
}

/// Writes a running job's progress to the store at most every few seconds, so `GET /jobs`
/// from another process (or after a restart's log) sees it without a write per step.
struct ThrottledProgress {
    let jobID: Int
    let store: HubStore
    var interval: TimeInterval = 5
    private var last = Date.distantPast
    private var pending: JSONValue?

    init(jobID: Int, store: HubStore) {
        self.jobID = jobID
        self.store = store
    }

    mutating func record(_ progress: JSONValue) {
        pending = progress
        if Date().timeIntervalSince(last) >= interval { flush() }
    }

    mutating func flush() {
        guard let progress = pending else { return }
        try? store.jobs.recordProgress(id: jobID, progress: String(decoding: progress.serialized(), as: UTF8.self))
        last = Date()
        pending = nil
    }
}
