import Foundation
import Model

/// The frozen models the hub trains and evaluates with: every subfolder of `directory` that holds
/// config.json, model.safetensors and vocab.txt, named after the folder (`models/all-minilm-l6-v2`
/// is the model `all-minilm-l6-v2`). A model is read on first use and then shared: its weights
/// never change, and each trainer keeps its own buffers.
public final class ModelCatalog: @unchecked Sendable {
    public let directory: String
    private let lock = NSLock()
    private var loaded: [String: BertModel] = [:]

    public init(directory: String) {
        self.directory = directory
    }

    /// The folder holding the default model's folder: the parent of `BertModel.resolvedDirectory()`.
    public static var defaultDirectory: String {
        URL(fileURLWithPath: BertModel.resolvedDirectory()).deletingLastPathComponent().path
    }

    /// Installed models, sorted.
    public var names: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { name in
            ["config.json", "model.safetensors", "vocab.txt"].allSatisfy {
                FileManager.default.fileExists(atPath: "\(directory)/\(name)/\($0)")
            }
        }.sorted()
    }

    /// The model named `name`, loading it on first use.
    public func model(named name: String) throws -> BertModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = loaded[name] { return model }
        guard names.contains(name) else {
            let installed = names
            throw JobRequestError("unknown model '\(name)'; " + (installed.isEmpty
                ? "this hub has no model installed in \(directory): run scripts/install-model.sh"
                : "this hub has \(installed.joined(separator: ", ")) (see GET /models)"))
        }
        let model = try BertModel(directory: "\(directory)/\(name)")
        loaded[name] = model
        return model
    }
}
