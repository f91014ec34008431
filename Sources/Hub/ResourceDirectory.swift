import Foundation

/// Folders the hub ships beside its binary (Public/, OpenAPI/). Looked for in order: the folder an
/// environment variable names, next to the executable, in ../share/tpv (the Docker image's layout),
/// in the working directory, and in the source tree (tests and `swift run`).
enum ResourceDirectory {
    /// The first candidate that holds `marker`, or nil when none does.
    static func find(_ name: String, environmentVariable: String, containing marker: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let explicit = environment[environmentVariable] { candidates.append(explicit) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent(name).path)
        candidates.append(executable.appendingPathComponent("../share/tpv/\(name)").standardized.path)
        candidates.append(FileManager.default.currentDirectoryPath + "/" + name)
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../\(name)").standardized.path)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + marker) }
    }
}
