import ArgumentParser
import HubCLI

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Upload a vector: a tensor file, or a PEFT prompt-tuning adapter folder or archive.",
        discussion: """
            FILE is tau itself (safetensors, .npy or JSON; a safetensors file may hold tuned and init by key), \
            the tuned prompt when --init is given, or a PEFT adapter (a folder with adapter_config.json and \
            adapter_model.safetensors, or its .zip, .tar or .tar.gz), whose init is --init, an init.safetensors \
            in the folder, or the one the hub stores (--stored-init). Exit status: 0 when stored, 2 when the \
            hub refused it (its reason is printed) or the arguments are wrong.
            """)

    @OptionGroup var hub: HubOptions
    @Argument(help: ArgumentHelp("The tensor file, adapter folder or adapter archive.", valueName: "file"))
    var file: String
    @Option(help: "The frozen model the prompt belongs to.")
    var model: String
    @Option(help: "The task the prompt was tuned on.")
    var task: String
    @Option(help: "Seed of the init the prompt started from.")
    var seed: Int
    @Option(name: .customLong("init"), help: ArgumentHelp("The init the tuned prompt started from (safetensors, .npy or JSON).", valueName: "file"))
    var initFile: String?
    @Flag(help: "Use the init the hub stores for --model and --seed.")
    var storedInit = false
    @Option(help: "A description stored with the vector.")
    var description: String?
    @Flag(help: "Replace your vector under this model, task and seed instead of refusing (PUT).")
    var replace = false
    @Flag(help: "Print the hub's answer as JSON.")
    var json = false

    func validate() throws {
        if initFile != nil && storedInit { throw ValidationError("--init and --stored-init both name the init; give one.") }
    }

    func run() throws {
        let source = try LocalFiles.pushSource(file)
        let initial = try initFile.map { (name: $0.split(separator: "/").last.map(String.init) ?? $0, bytes: try LocalFiles.read($0)) }
        let body: PushSource.Body
        do { body = try source.body(initial: initial) } catch let error as ArgumentFormatError {
            throw ValidationError("\(file): \(error.description)")
        }
        var query = [("model", model), ("task", task), ("seed", String(seed))]
        if storedInit { query.append(("init", "seed")) }
        if let description { query.append(("description", description)) }
        let answer = try hub.client().upload(replace ? "PUT" : "POST", "/vectors", query: query,
                                             contentType: body.contentType, body: body.bytes)
        print(json ? answer.body.prettyPrinted() : VectorSummary.line(answer.body, created: answer.status == 201))
    }
}
