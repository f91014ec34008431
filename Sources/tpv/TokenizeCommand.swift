import ArgumentParser
import Foundation
import Model

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids of a text (or a text pair) as JSON.")

    @OptionGroup var model: ModelDirectoryOption

    @Option(help: "Second text of a pair (encoded as [CLS] TEXT [SEP] PAIR [SEP]).")
    var pair: String?

    @Option(help: "Truncate to at most this many tokens (pairs: longest first).")
    var maxLength: Int?

    @Argument(help: "The text to tokenise.")
    var text: String

    func run() throws {
        let tokenizer = try model.tokenizer()
        let encoded = try tokenizer.encode(text, pair: pair, maxLength: maxLength)
        print(try JSONOutput.line(encoded))
    }
}
