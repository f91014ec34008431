import JSON
import PromptVectors
import Testing
import Training
@testable import Jobs

/// Merge methods in the prompts of jobs and evaluations: parsed, kept in the queue, read back.
@Suite struct MergeRecipeTests {
    @Test func aComposedInitKeepsItsMergeThroughTheQueue() throws {
        let parameters = try TrainParameters.parse([
            "model": "m", "task": "rte", "seed": 3,
            "init": ["compose": ["tasks": "mnli,qnli", "lambda": 0.5, "method": "dare_ties", "density": 0.4]],
        ])
        #expect(parameters.initialization == .compose(tasks: "mnli,qnli", lambda: 0.5, merge: MergeRequest(method: "dare_ties", density: 0.4)))
        #expect(try TrainParameters.parse(parameters.json) == parameters)
        // A plain sum, named or not, is the composition without a merge: its recipe stays what it was.
        let sum = try TrainParameters.parse(["model": "m", "task": "rte", "init": ["compose": ["tasks": "mnli", "method": "sum"]]])
        #expect(sum.initialization == .compose(tasks: "mnli", lambda: 1))

        let recipe = PromptRecipe(initial: .generated(seed: 3, promptLength: 20),
                                  terms: [PromptRecipe.Term(sha256: "a", shape: [20, 384], coefficient: 1, label: "tau(mnli)")],
                                  merge: PromptRecipe.Merge(method: try MergeRequest(method: "dare_ties", density: 0.4).resolved(defaultSeed: 3),
                                                            lambda: 0.5))
        #expect(recipe.merge?.method == .dareTies(density: 0.4, seed: 3))
        let spec = TrainJobSpec(parameters: parameters, start: recipe, reference: .generated(seed: 3, promptLength: 20))
        #expect(try TrainJobSpec(json: spec.json) == spec)
        let plain = PromptRecipe(initial: nil, terms: recipe.terms)
        #expect(plain.json["merge"] == nil)
    }

    @Test func defaultsReadAsTheDecimalsTheyWereWrittenAsAndTrainTheSame() throws {
        let parameters = try TrainParameters.parse(["model": "m", "task": "rte"])
        #expect(parameters.json["learning_rate"] == .double(0.01) && parameters.json["weight_decay"] == .double(1e-5))
        #expect(String(decoding: parameters.json.serialized(), as: UTF8.self).contains("\"learning_rate\":0.01,"))
        #expect(parameters.configuration.learningRate == TrainingConfiguration.defaultLearningRate)
        #expect(parameters.configuration.weightDecay == TrainingConfiguration().weightDecay)
    }

    @Test func badMergesInAComposedPromptAreRefused() {
        for (compose, says) in [(["tasks": "a", "method": "median"] as JSONValue, "use one of sum, mean, ties, dare, dare_ties"),
                                (["tasks": "a", "merge_seed": 2], "merge_seed does not apply to method sum"),
                                (["tasks": "a", "method": "ties", "density": 0], "'density'")] {
            let error = #expect(throws: JobRequestError.self) {
                try TrainParameters.parse(["model": "m", "task": "t", "init": ["compose": compose]])
            }
            #expect(error?.message.contains(says) == true, "\(error?.message ?? "")")
        }
    }
}
