import Foundation
import Model
import Tensor
import Testing
@testable import Training

/// Everything that runs the real model, one test at a time (two cores).
@Suite("PromptTrainer on all-MiniLM-L6-v2", .serialized)
struct TrainerTests {
    static func tinyConfiguration(seed: UInt64) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.promptLength = 4
        configuration.batchSize = 8
        configuration.maxSteps = 4
        configuration.seed = seed
        configuration.maxSequenceLength = 32
        configuration.learningRate = 0.01
        return configuration
    }

    static func slice(_ examples: [TrainingExample], _ count: Int, seed: UInt64 = 0) throws -> [TrainingExample] {
        try FewShotSampler.sample(examples, count: count, task: Fixtures.sst2, seed: seed)
    }

    @Test("same seed -> bit-identical prompt after a few steps; another seed -> another prompt")
    func deterministic() throws {
        let bert = try Fixtures.bert()
        let train = try Self.slice(try Fixtures.sst2Split("train"), 24)
        func run(_ seed: UInt64) throws -> TrainingResult {
            try PromptTrainer(model: bert, configuration: Self.tinyConfiguration(seed: seed))
                .train(task: Fixtures.sst2, training: train)
        }
        let first = try run(5), second = try run(5), other = try run(6)
        #expect(first.steps == 4 && first.bestStep == 4, "without validation the last prompt is returned")
        #expect(first.prompt.scalars.map(\.bitPattern) == second.prompt.scalars.map(\.bitPattern))
        #expect(first.initialPrompt == second.initialPrompt)
        #expect(first.history.map(\.trainingLoss) == second.history.map(\.trainingLoss))
        #expect(first.prompt != first.initialPrompt, "the prompt moved")
        #expect(other.initialPrompt != first.initialPrompt && other.prompt != first.prompt)
        let tau = first.taskVector
        for i in 0..<tau.count { #expect(tau.scalars[i] == first.prompt.scalars[i] - first.initialPrompt.scalars[i]) }
        let expectedInit = try PromptInitialization.prompt(for: bert, promptLength: 4, seed: 5)
        #expect(first.initialPrompt == expectedInit.prompt && first.initialTokenIds == expectedInit.tokenIds)
    }

    @Test("cancel lands before the next step: within one step and well under a second")
    func cancel() throws {
        let bert = try Fixtures.bert()
        let train = try Self.slice(try Fixtures.sst2Split("train"), 24)
        var configuration = Self.tinyConfiguration(seed: 1)
        configuration.maxSteps = 50
        let trainer = PromptTrainer(model: bert, configuration: configuration)
        var cancelRequested: DispatchTime?
        var steps: [Int] = []
        do {
            _ = try trainer.train(task: Fixtures.sst2, training: train, progress: { progress in
                steps.append(progress.step)
                #expect(progress.totalSteps == 50 && progress.examplesPerSecond > 0 && progress.etaSeconds >= 0)
                if progress.step == 3 { cancelRequested = .now() }
            }, isCancelled: { cancelRequested != nil })
            Issue.record("training ran to the end despite the cancel")
        } catch let cancelled as TrainingCancelled {
            let latency = Double(DispatchTime.now().uptimeNanoseconds - cancelRequested!.uptimeNanoseconds) / 1e9
            #expect(cancelled.completedSteps == 3)
            #expect(steps == [1, 2, 3])
            #expect(latency < 1, "cancel took \(latency) s")
        }
        // During evaluation the check runs between batches.
        #expect(throws: TrainingCancelled.self) {
            try trainer.evaluate(prompt: nil, examples: train, task: Fixtures.sst2, isCancelled: { true })
        }
    }

    @Test("warm-up ramps linearly to the peak rate, then holds it")
    func warmup() throws {
        var configuration = TrainingConfiguration()
        configuration.learningRate = 0.01
        configuration.warmupFraction = 0.1
        let warmup = configuration.warmupSteps(total: 95)
        #expect(warmup == 10)
        #expect(abs(configuration.learningRate(step: 1, warmup: warmup) - 0.001) < 1e-9)
        #expect(abs(configuration.learningRate(step: 5, warmup: warmup) - 0.005) < 1e-9)
        #expect(configuration.learningRate(step: 10, warmup: warmup) == 0.01)
        #expect(configuration.learningRate(step: 95, warmup: warmup) == 0.01)
        #expect(configuration.learningRate(step: 1, warmup: 0) == 0.01)
        #expect(configuration.totalSteps(trainingCount: 100) == 5 * 7, "a partial last batch is a step")
    }

    @Test("a small sst2 run beats the zero-shot and the random-init validation macro-F1")
    func learnsSST2() throws {
        let bert = try Fixtures.bert()
        let train = try Self.slice(try Fixtures.sst2Split("train"), 160, seed: 0)
        let validation = Array(try Fixtures.sst2Split("validation").prefix(200))
        var configuration = TrainingConfiguration()
        configuration.epochs = 3
        configuration.maxSequenceLength = 64
        let trainer = PromptTrainer(model: bert, configuration: configuration)
        let zeroShot = try trainer.evaluate(prompt: nil, examples: validation, task: Fixtures.sst2)
        let start = Date()
        var reported = 0
        let result = try trainer.train(task: Fixtures.sst2, training: train, validation: validation) { _ in reported += 1 }
        let seconds = Date().timeIntervalSince(start)
        let tuned = try #require(result.validation?.macroF1)
        let initial = try #require(result.initialValidation?.macroF1)
        // Seen: zero-shot 0.661, init 0.420, tuned 0.719 (step 30).
        print("sst2 160 train / 200 validation, 30 steps: zero-shot \(zeroShot.macroF1!), init \(initial), tuned \(tuned) (step \(result.bestStep)), \(seconds) s")
        #expect(tuned > zeroShot.macroF1! + 0.02)
        #expect(tuned > initial + 0.1)
        #expect(reported == 30 && result.steps == 30)
        #expect(result.history.map(\.step) == [10, 20, 30] && result.history.map(\.epoch) == [1, 2, 3])
        #expect(result.history.first!.trainingLoss > result.history.last!.trainingLoss)
        // The kept prompt is the best record's, and its predictions give the same metrics again.
        #expect(result.history.contains { $0.step == result.bestStep && $0.validation == result.validation })
        let predicted = try trainer.predict(prompt: result.prompt, examples: validation, task: Fixtures.sst2)
        #expect(Metrics.classification(truth: validation.map { $0.label! }, predicted: predicted.map { Int($0) })
                == result.validation)
    }

    @Test("soft targets: one-hot rows reproduce the class-index loss and gradient; others pass a finite-difference check")
    func softTargets() throws {
        let bert = try Fixtures.bert()
        let classifier = SoftPromptClassifier(encoder: bert.encoder)
        let batch = try bert.batch(["a gripping , funny film", "dull and far too long", "two men on a bench"])
        let labels = try bert.embed(["different", "similar"])
        let prompt = try PromptInitialization.prompt(for: bert, promptLength: 3, seed: 2).prompt
        let hard = try classifier.lossAndGradient(prompt: prompt, batch: batch, labels: [1, 0, 1], labelEmbeddings: labels)
        let oneHot = try classifier.lossAndGradient(prompt: prompt, batch: batch,
                                                    targets: Tensor(shape: [3, 2], scalars: [0, 1, 1, 0, 0, 1]),
                                                    labelEmbeddings: labels)
        #expect(oneHot.loss == hard.loss && oneHot.gradient == hard.gradient)

        let targets = Tensor(shape: [3, 2], scalars: [0.3, 0.7, 0.9, 0.1, 0.5, 0.5])
        let step = try classifier.lossAndGradient(prompt: prompt, batch: batch, targets: targets, labelEmbeddings: labels)
        let norm = step.gradient.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        let epsilon: Float = 1e-2
        func loss(_ sign: Float) throws -> Double {
            var moved = prompt
            for i in 0..<moved.count { moved.scalars[i] += sign * epsilon * step.gradient.scalars[i] / Float(norm) }
            return Double(try classifier.lossAndGradient(prompt: moved, batch: batch, targets: targets,
                                                         labelEmbeddings: labels).loss)
        }
        let finiteDifference = (try loss(1) - loss(-1)) / (2 * Double(epsilon))
        #expect(abs(finiteDifference - norm) / norm < 0.02, "directional derivative \(finiteDifference) vs |g| \(norm)")
        #expect(throws: ModelError.self) {
            try classifier.lossAndGradient(prompt: prompt, batch: batch, targets: Tensor(shape: [3, 2], scalars: [1, 1, 0, 1, 0, 1]),
                                           labelEmbeddings: labels)
        }
    }

    @Test("regression (stsb): scores from the two anchors stay in range and Pearson matches the predictions")
    func regression() throws {
        let bert = try Fixtures.bert()
        let task = try TaskSpec.regression(range: 0...5)
        let train = Array(try Fixtures.split("stsb", "train").prefix(32))
        let validation = Array(try Fixtures.split("stsb", "validation").prefix(48))
        var configuration = Self.tinyConfiguration(seed: 3)
        configuration.maxSequenceLength = 64
        let trainer = PromptTrainer(model: bert, configuration: configuration)
        let result = try trainer.train(task: task, training: train, validation: validation)
        let predicted = try trainer.predict(prompt: result.prompt, examples: validation, task: task)
        #expect(predicted.allSatisfy { (0...5).contains($0) })
        let metrics = try #require(result.validation)
        #expect(metrics == Metrics.regression(truth: validation.map { $0.score! }, predicted: predicted))
        #expect(metrics.macroF1 == nil && metrics.pearson != nil)
        #expect(throws: TrainingError.self) {
            try trainer.train(task: task, training: [TrainingExample(text: "no score")])
        }
    }
}
