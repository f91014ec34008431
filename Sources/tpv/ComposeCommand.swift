import ArgumentParser
import HubCLI

struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Download init(seed) + lambda * (sum of the tasks' vectors), as a tensor file or a PEFT adapter archive.",
        discussion: """
            TASKS is GET /compose's syntax: mnli,qnli (weights 1), mnli:0.7,qnli:0.3, -qnli, mnli@2 (seed 2's \
            vector). Model and seed are inferred when one fits. The formula is printed with the file name.
            """)

    @OptionGroup var hub: HubOptions
    @Argument(help: ArgumentHelp("The tasks to add, comma-separated.", valueName: "tasks"))
    var tasks: String
    @Option(name: .customLong("lambda"), help: "The factor of the sum (the hub's default: 1).")
    var lambda: Double?
    @Option(help: "The seed of the init and of the vectors not pinned with task@seed.")
    var seed: Int?
    @Option(help: "The model whose vectors are added.")
    var model: String?
    @Flag(help: "The combined vector alone, without the init.")
    var noInit = false
    @Option(help: ArgumentHelp("safetensors (default), npy, json, peft (zip) or peft-tar.gz.", valueName: "format"))
    var format: String?
    @Option(help: ArgumentHelp("PEFT's task_type for --format peft.", valueName: "type"))
    var taskType: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write it: a file, a folder, or - for standard output.", valueName: "path"))
    var output: String?

    func run() throws {
        var query = [("tasks", tasks)]
        if let lambda { query.append(("lambda", String(lambda))) }
        if let seed { query.append(("seed", String(seed))) }
        if let model { query.append(("model", model)) }
        if noInit { query.append(("init", "none")) }
        if let format { query.append(("format", format)) }
        if let taskType { query.append(("task_type", taskType)) }
        let response = try hub.client().download("/compose", query: query)
        Download.save(response, to: output, fallback: "composed", note: response.header("X-TPV-Formula"))
    }
}
