import ArgumentParser
import Model

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print mean-pooled, L2-normalised sentence embeddings (no prompt) as JSON.")

    @OptionGroup var model: ModelDirectoryOption

    @Argument(help: "The texts to embed.")
    var texts: [String]

    func validate() throws {
        if texts.isEmpty { throw ValidationError("pass at least one text to embed") }
    }

    func run() throws {
        let bert = try model.load()
        let embeddings = try bert.embed(texts)
        let width = bert.config.hiddenSize
        let rows = (0..<texts.count).map { Array(embeddings.scalars[($0 * width)..<(($0 + 1) * width)]) }
        print(try JSONOutput.line(["embeddings": rows]))
    }
}
