import ArgumentParser
import HubCLI

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a prompt on a task's split on the hub and print the metrics.")

    enum Split: String, ExpressibleByArgument, CaseIterable { case test, validation }

    @OptionGroup var hub: HubOptions
    @Option(help: "A model the hub has installed (GET /models).")
    var model: String
    @Option(help: "The task whose examples are scored.")
    var task: String
    @Option(help: "The split to score (the hub's default: test).")
    var split: Split?
    @Option(help: ArgumentHelp("The prompt: \(EvaluationPrompt.forms).", valueName: "prompt"),
            transform: EvaluationPrompt.init(parsing:))
    var prompt: EvaluationPrompt
    @Option(help: "Score only the first N examples.")
    var limit: Int?
    @Flag(help: "Print the hub's answer as JSON.")
    var json = false

    /// The hub answers only when it has scored the whole split.
    static let timeoutSeconds = 3600.0

    func run() throws {
        let request = EvaluateRequest(model: model, task: task, split: split?.rawValue, prompt: prompt, limit: limit)
        let answer = try hub.client(timeout: Self.timeoutSeconds).post("/evaluate", json: request.json).body
        print(json ? answer.prettyPrinted() : EvaluationSummary.line(answer))
    }
}
