import ArgumentParser
import Foundation
import Model

/// `--model DIR`, shared by the model subcommands; defaults to TPV_MODEL_DIR or models/all-minilm-l6-v2.
struct ModelDirectoryOption: ParsableArguments {
    @Option(name: .customLong("model"),
            help: ArgumentHelp("Model folder (config.json, model.safetensors, vocab.txt).",
                               discussion: "Defaults to $\(BertModel.directoryEnvironmentVariable), else \(BertModel.defaultDirectory)."),
            completion: .directory)
    var directory: String?

    var resolved: String { BertModel.resolvedDirectory(directory) }

    func load() throws -> BertModel {
        try BertModel(directory: resolved)
    }

    /// The tokenizer alone, without reading the weights.
    func tokenizer() throws -> BertTokenizer {
        try BertModel.tokenizer(directory: resolved)
    }
}
