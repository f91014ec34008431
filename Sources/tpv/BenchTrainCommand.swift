import ArgumentParser
import Foundation
import Model
import Tensor
import Training

/// A real prompt-tuning run on a task of the shared benchmark data: a stratified
/// training sample, best prompt by validation macro-F1 (or Pearson), then the test
/// split. Prints one JSON line (progress goes to stderr).
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Prompt-tune on a benchmark task and evaluate; print one JSON line.")

    @OptionGroup var model: ModelDirectoryOption

    @Option(help: "Folder with tasks.json and one folder of JSONL splits per task.")
    var data = ProcessInfo.processInfo.environment["TPV_SHARED_DATA"] ?? "../shared/data"
    @Option(help: "Task name in tasks.json.") var task = "sst2"
    @Option(name: .customLong("train-n"), help: "Training examples (stratified sample of the train split).")
    var trainCount = 1000
    @Option(name: .customLong("validation-n"), help: "Validation examples (first N; 0: none, keep the last prompt; -1: all).")
    var validationCount = -1
    @Option(name: .customLong("test-n"), help: "Test examples (first N; 0: skip the test split; -1: all).")
    var testCount = -1
    @Option(help: "Soft prompt length P.") var prompt = 20
    @Option(help: "Peak learning rate.") var lr = TrainingConfiguration.defaultLearningRate
    @Option(help: "Training batch size.") var batch = 16
    @Option(help: "Epochs.") var epochs = 5
    @Option(name: .customLong("max-steps"), help: "Train exactly this many steps instead of whole epochs.")
    var maxSteps: Int?
    @Option(help: "Seed of the init, the sample and the shuffles.") var seed: UInt64 = 0
    @Option(name: .customLong("max-len"), help: "Tokens per text, [CLS]/[SEP] included.") var maxLength = 128
    @Option(name: .customLong("warmup"), help: "Fraction of the steps spent warming up.") var warmupFraction = 0.1
    @Flag(name: .customLong("zero-shot"), help: "Also score the plain model (no prompt) on the test split.")
    var zeroShot = false

    func run() throws {
        let loadStart = Date()
        let bert = try model.load()
        let loadSeconds = Date().timeIntervalSince(loadStart)
        let source = try JSONLTask(dataDirectory: data, name: task)
        let spec = source.task
        let allTraining = try source.examples("train")
        let training = try FewShotSampler.sample(allTraining, count: min(trainCount, allTraining.count), task: spec,
                                                 seed: seed)
        let validation = Self.first(validationCount, of: try source.examples("validation"))
        let test = testCount == 0 ? [] : Self.first(testCount, of: try source.examples("test"))

        var configuration = TrainingConfiguration()
        configuration.promptLength = prompt
        configuration.learningRate = lr
        configuration.batchSize = batch
        configuration.epochs = epochs
        configuration.maxSteps = maxSteps
        configuration.seed = seed
        configuration.maxSequenceLength = maxLength
        configuration.warmupFraction = warmupFraction
        let trainer = PromptTrainer(model: bert, configuration: configuration)

        let zeroShotTest = try zeroShot && !test.isEmpty
            ? trainer.evaluate(prompt: nil, examples: test, task: spec) : nil
        var lastReport = 0.0
        let result = try trainer.train(task: spec, training: training, validation: validation) { progress in
            let now = Date().timeIntervalSince1970
            if now - lastReport >= 5 || progress.step == progress.totalSteps {
                lastReport = now
                FileHandle.standardError.write(Data(String(
                    format: "step %d/%d epoch %d loss %.4f %.1f ex/s eta %.0f s\n", progress.step, progress.totalSteps,
                    progress.epoch, progress.loss, progress.examplesPerSecond, progress.etaSeconds).utf8))
            }
        }
        let testStart = Date()
        let testMetrics = test.isEmpty ? nil : try trainer.evaluate(prompt: result.prompt, examples: test, task: spec)
        let report = BenchTrainReport(
            task: task, train_n: training.count, validation_n: validation.count, test_n: test.count,
            prompt: prompt, lr: lr, batch: batch, epochs: epochs, max_steps: maxSteps, seed: seed,
            steps: result.steps, best_step: result.bestStep,
            zero_shot_test: zeroShotTest, initial_validation: result.initialValidation,
            validation: result.validation, test: testMetrics, history: result.history,
            wall_s: result.seconds, train_s: result.seconds - result.evaluationSeconds,
            validation_s: result.evaluationSeconds, test_s: Date().timeIntervalSince(testStart),
            ms_per_step: 1e3 * (result.seconds - result.evaluationSeconds) / Double(result.steps),
            examples_per_s: result.examplesPerSecond, load_s: loadSeconds,
            tau_norm: Double(result.taskVector.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()),
            peak_rss_mib: Measurement.peakResidentMiB())
        print(try JSONOutput.line(report))
    }

    private static func first(_ count: Int, of examples: [TrainingExample]) -> [TrainingExample] {
        count < 0 ? examples : Array(examples.prefix(count))
    }
}

private struct BenchTrainReport: Encodable {
    let task: String
    let train_n: Int, validation_n: Int, test_n: Int
    let prompt: Int, lr: Float, batch: Int, epochs: Int, max_steps: Int?, seed: UInt64
    let steps: Int, best_step: Int
    let zero_shot_test: Metrics?, initial_validation: Metrics?, validation: Metrics?, test: Metrics?
    let history: [TrainingRecord]
    let wall_s: Double, train_s: Double, validation_s: Double, test_s: Double
    let ms_per_step: Double, examples_per_s: Double, load_s: Double
    let tau_norm: Double
    let peak_rss_mib: Double?
}
