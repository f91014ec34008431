import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `tpv` binary running `serve` in a child process, for tests that kill it.
public final class HubProcess {
    public let process = Process()
    public private(set) var port = 0
    private let output = Pipe()
    private let errors = Pipe()

    /// The `tpv` executable built next to the test bundle.
    public static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tpv").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for configuration in ["release", "debug"] {
            let path = "\(repositoryRoot)/.build/\(configuration)/tpv"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return beside
    }

    public init(dataDirectory: String, extraArguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["serve", "--port", "0", "--data", dataDirectory,
                             "--migrations", repositoryRoot + "/Migrations"] + extraArguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Wait for the contract line: `listening on http://HOST:PORT`.
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }),
               let portText = line.split(separator: ":").last, let port = Int(portText) {
                self.port = port
                return
            }
        }
        process.terminate()
        throw RawHTTPClient.ClientError(description: "tpv serve did not start: \(seen) \(String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self))")
    }

    public func kill9() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status and what it wrote to stderr.
    public func terminate() -> (status: Int32, stderr: String) {
        Glibc.kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    deinit {
        if process.isRunning { kill9() }
    }
}
