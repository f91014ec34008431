import HubCLI
import JSON
import Testing

/// Command-line values to the request bodies of the jobs API (notes/jobs-api.md).
@Suite struct ArgumentMappingTests {
    @Test func trainingInitialisations() throws {
        #expect(try TrainingInitialization(parsing: "random").json == ["random": true])
        #expect(try TrainingInitialization(parsing: "vector:12").json == ["vector": 12])
        #expect(try TrainingInitialization(parsing: "compose:mnli,qnli@0.5").json
                == ["compose": ["tasks": "mnli,qnli", "lambda": 0.5]])
        #expect(try TrainingInitialization(parsing: "compose:mnli@1").json == ["compose": ["tasks": "mnli", "lambda": 1.0]])
    }

    @Test(arguments: ["", "randomly", "vector:", "vector:x", "vector:0", "compose:mnli", "compose:@0.5",
                      "compose:a,,b@0.5", "compose:a@x", "compose:a@0.5:1", "compose:a@nan"])
    func rejectsMalformedInitialisations(_ text: String) {
        #expect(throws: ArgumentFormatError.self) { try TrainingInitialization(parsing: text) }
    }

    @Test func evaluationPrompts() throws {
        #expect(try EvaluationPrompt(parsing: "vector:7").json == ["vector": 7])
        #expect(try EvaluationPrompt(parsing: "compose:a,b@0.5").json == ["compose": ["tasks": "a,b", "lambda": 0.5]])
        #expect(try EvaluationPrompt(parsing: "compose:a,b@0.5:3").json
                == ["compose": ["tasks": "a,b", "lambda": 0.5, "seed": 3]])
        #expect(try EvaluationPrompt(parsing: "random:1").json == ["random": true, "seed": 1])
        #expect(try EvaluationPrompt(parsing: "none").json == ["none": true])
    }

    @Test(arguments: ["random", "random:", "random:x", "vector:-1", "compose:a@0.5:", "compose:a@0.5:x", "nothing"])
    func rejectsMalformedPrompts(_ text: String) {
        #expect(throws: ArgumentFormatError.self) { try EvaluationPrompt(parsing: text) }
    }

    @Test func errorsNameTheAcceptedForms() {
        let error = #expect(throws: ArgumentFormatError.self) { try EvaluationPrompt(parsing: "nothing") }
        #expect(error?.description == "'nothing' is not a prompt; use vector:ID, compose:TASKS@LAMBDA[:SEED], random:SEED or none")
        let lambda = #expect(throws: ArgumentFormatError.self) { try TrainingInitialization(parsing: "compose:a@x") }
        #expect(lambda?.description.contains("e.g. mnli,qnli@0.5") == true)
    }

    @Test func trainRequestSendsOnlyWhatWasGivenUnderTheContractsNames() {
        #expect(TrainJobRequest(model: "all-minilm-l6-v2", task: "sst2").json
                == ["kind": "train", "model": "all-minilm-l6-v2", "task": "sst2"])
        var request = TrainJobRequest(model: "m", task: "sst2")
        request.seed = 1
        request.initialization = .compose(tasks: "mnli,qnli", lambda: 0.5)
        request.shots = 100
        request.epochs = 5
        request.maxSteps = 60
        request.learningRate = 0.01
        request.batchSize = 16
        request.promptLength = 20
        request.maxLength = 128
        request.weightDecay = 1e-5
        request.warmup = 0.1
        request.validationLimit = 500
        request.storeAs = "sst2-few"
        let expected: JSONValue = [
            "kind": "train", "model": "m", "task": "sst2", "seed": 1,
            "init": ["compose": ["tasks": "mnli,qnli", "lambda": 0.5]],
            "shots": 100, "epochs": 5, "max_steps": 60, "learning_rate": 0.01, "batch_size": 16,
            "prompt_length": 20, "max_length": 128, "weight_decay": 1e-5, "warmup": 0.1,
            "validation_limit": 500, "store_as": "sst2-few",
        ]
        #expect(request.json == expected)
    }

    @Test func evaluateRequest() {
        #expect(EvaluateRequest(model: "m", task: "sst2", prompt: .none).json
                == ["model": "m", "task": "sst2", "prompt": ["none": true]])
        #expect(EvaluateRequest(model: "m", task: "sst2", split: "validation", prompt: .vector(7), limit: 200).json
                == ["model": "m", "task": "sst2", "split": "validation", "prompt": ["vector": 7], "limit": 200])
    }
}
