import ArgumentParser
import Foundation
import Model
import Tensor

/// The prompt-tuning train step the hub runs in-process, timed on synthetic input:
/// forward over [prompt ; tokens], mean pool, cosine head, cross-entropy, backward to
/// the prompt, Adam update. Same setup as the PyTorch reference (tools/ref_bench.py).
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Time a prompt-tuning train step and a prompted forward pass; print one JSON line.")

    @OptionGroup var model: ModelDirectoryOption

    @Option(help: "Texts per batch.") var batch = 16
    @Option(help: "Tokens per text, [CLS] and [SEP] included (no padding).") var seq = 64
    @Option(help: "Soft prompt length P.") var prompt = 20
    @Option(help: "Timed repetitions of each measurement.") var steps = 20
    @Option(help: "Untimed repetitions first.") var warmup = 3

    func validate() throws {
        guard batch >= 1, seq >= 2, prompt >= 1, steps >= 1, warmup >= 0 else {
            throw ValidationError("batch and prompt must be at least 1, seq at least 2 ([CLS] and [SEP]), steps at least 1")
        }
    }

    func run() throws {
        let loadStart = Date()
        let bert = try model.load()
        let loadMilliseconds = Date().timeIntervalSince(loadStart) * 1e3
        let config = bert.config
        guard prompt + seq <= config.maxPositions else {
            throw ValidationError("prompt + seq is \(prompt + seq), more than the model's \(config.maxPositions) positions")
        }

        var random = SeededGenerator(seed: 0)
        let ids = (0..<batch).flatMap { _ in
            [Int32(bert.tokenizer.clsId)] + (0..<(seq - 2)).map { _ in Int32.random(in: 1000..<30000, using: &random) }
                + [Int32(bert.tokenizer.sepId)]
        }
        let input = EncodedBatch(batchSize: batch, sequenceLength: seq, inputIds: ids,
                                 tokenTypeIds: [Int32](repeating: 0, count: ids.count),
                                 attentionMask: [Float](repeating: 1, count: ids.count))
        let labels = (0..<batch).map { $0 % 2 }
        let labelEmbeddings = try bert.embed(["negative", "positive"])
        var softPrompt = random.normalTensor([prompt, config.hiddenSize],
                                             standardDeviation: bert.encoder.weights.wordEmbeddingStandardDeviation)
        let classifier = SoftPromptClassifier(encoder: bert.encoder)
        var optimizer = AdamOptimizer(learningRate: 0.3)
        var losses: [Float] = []

        let stepTimes = try Measurement.milliseconds(repetitions: steps, warmup: warmup) {
            let step = try classifier.lossAndGradient(prompt: softPrompt, batch: input, labels: labels,
                                                      labelEmbeddings: labelEmbeddings)
            optimizer.update(&softPrompt, gradient: step.gradient)
            losses.append(step.loss)
        }
        let forwardTimes = try Measurement.milliseconds(repetitions: steps, warmup: warmup) {
            _ = try classifier.predict(prompt: softPrompt, batch: input, labelEmbeddings: labelEmbeddings)
        }
        let sgemm = Measurement.sgemmGigaflops()

        // Same count as the reference: dense GEMMs plus the two attention products, per forward.
        let h = Double(config.hiddenSize), i = Double(config.intermediateSize), t = Double(prompt + seq)
        let forwardFlops = Double(batch) * t * Double(config.layerCount) * (2 * (4 * h * h + 2 * h * i) + 4 * t * h)
        let stepMedian = Measurement.median(stepTimes), forwardMedian = Measurement.median(forwardTimes)
        let report = BenchReport(
            batch: batch, seq: seq, prompt: prompt, steps: steps,
            train_step_ms_median: stepMedian, train_step_ms_min: stepTimes.min()!,
            forward_ms_median: forwardMedian, forward_ms_min: forwardTimes.min()!,
            approx_forward_gflop: forwardFlops / 1e9,
            gflops_effective: 2 * forwardFlops / (stepMedian / 1e3) / 1e9,
            forward_gflops_effective: forwardFlops / (forwardMedian / 1e3) / 1e9,
            sgemm_gflops: sgemm, blas_core: OpenBLASKernels.coreName, blas_threads: BLAS.threadCount, cores: ProcessInfo.processInfo.activeProcessorCount,
            load_ms: loadMilliseconds, peak_rss_mib: Measurement.peakResidentMiB(),
            first_loss: losses.first ?? .nan, last_loss: losses.last ?? .nan)
        print(try JSONOutput.line(report))
    }
}

private struct BenchReport: Encodable {
    let batch: Int, seq: Int, prompt: Int, steps: Int
    let train_step_ms_median: Double, train_step_ms_min: Double
    let forward_ms_median: Double, forward_ms_min: Double
    let approx_forward_gflop: Double
    /// 2 x forward FLOPs per train step (backward to the input costs about one forward).
    let gflops_effective: Double
    let forward_gflops_effective: Double
    let sgemm_gflops: Double
    let blas_core: String
    let blas_threads: Int, cores: Int
    let load_ms: Double
    let peak_rss_mib: Double?
    let first_loss: Float, last_loss: Float
}
