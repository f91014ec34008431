import Foundation
import Testing

/// Where tests find the repository, the shared reference data and the installed model.
enum TestPaths {
    /// Tests/ModelTests/TestPaths.swift -> repository root.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let golden = shared.appendingPathComponent("golden/minilm")
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/ModelTests/Fixtures")

    /// The default model, as CI installs it; TPV_MODEL_DIR overrides.
    static func modelDirectory(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = ProcessInfo.processInfo.environment["TPV_MODEL_DIR"]
            ?? repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2").path
        let config = URL(fileURLWithPath: path).appendingPathComponent("model.safetensors").path
        try #require(FileManager.default.fileExists(atPath: config),
                     "no model at \(path): run scripts/install-model.sh", sourceLocation: sourceLocation)
        return path
    }

    static func json<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}
