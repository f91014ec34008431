import ArgumentParser
import HubCLI

struct SimilarityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Print the cosine similarity of the tasks' average-pooled vectors (or tuned prompts) as a table.")

    enum Of: String, ExpressibleByArgument, CaseIterable { case vectors, prompts }

    @OptionGroup var hub: HubOptions
    @Argument(help: ArgumentHelp("Tasks, comma-separated (default: all of the model's).", valueName: "tasks"))
    var tasks: String?
    @Option(help: "The model (needed when several hold vectors).")
    var model: String?
    @Option(help: "Compare the vectors (tau, default) or the tuned prompts.")
    var of: Of?
    @Flag(help: "Print the hub's answer as JSON.")
    var json = false

    func run() throws {
        var query: [(String, String)] = []
        if let tasks { query.append(("tasks", tasks)) }
        if let model { query.append(("model", model)) }
        if let of { query.append(("of", of.rawValue)) }
        let answer = try hub.client().get("/similarity", query: query)
        if json {
            print(answer.prettyPrinted())
            return
        }
        print(SimilarityTable.caption(answer))
        SimilarityTable.render(answer).forEach { print($0) }
    }
}
