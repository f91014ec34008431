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
        let folder = URL(fileURLWithPath: resolved)
        let vocabulary = folder.appendingPathComponent("vocab.txt").path
        guard FileManager.default.isReadableFile(atPath: vocabulary) else {
            throw ModelError("no vocab.txt in \(resolved); \(BertModel.installHint)")
        }
        return try BertTokenizer(vocabularyFile: vocabulary)
    }
}
