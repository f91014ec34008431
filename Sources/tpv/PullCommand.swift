import ArgumentParser
import Foundation
import HubCLI
import HubClient

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Download a vector's tau, tuned prompt or init, as a tensor file or a PEFT adapter archive.",
        discussion: """
            Saved under the hub's file name in the current folder unless -o names a file, a folder or - \
            (standard output). --format peft gives a .zip of a folder that PeftModel.from_pretrained loads \
            (the tuned prompt unless --part init).
            """)

    enum Part: String, ExpressibleByArgument, CaseIterable { case tau, tuned, `init` }

    @OptionGroup var hub: HubOptions
    @Argument(help: "The vector's id (tpv ls lists them).")
    var id: Int
    @Option(help: "Which tensor: tau (default), tuned or init; a PEFT adapter holds tuned (default) or init.")
    var part: Part?
    @Option(help: ArgumentHelp("safetensors (default), npy, json, peft (zip) or peft-tar.gz.", valueName: "format"))
    var format: String?
    @Option(help: ArgumentHelp("PEFT's task_type for --format peft (default: the uploaded adapter's, else FEATURE_EXTRACTION).", valueName: "type"))
    var taskType: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write it: a file, a folder, or - for standard output.", valueName: "path"))
    var output: String?

    func run() throws {
        var query: [(String, String)] = []
        if let part { query.append(("part", part.rawValue)) }
        if let format { query.append(("format", format)) }
        if let taskType { query.append(("task_type", taskType)) }
        let response = try hub.client().download("/vectors/\(id)/data", query: query)
        Download.save(response, to: output, fallback: "vector\(id)")
    }
}

/// Saving a download and saying where it went.
enum Download {
    static func save(_ response: HubResponse, to output: String?, fallback: String, note: String? = nil) {
        let name = DownloadName.fileName(contentDisposition: response.header("Content-Disposition"), fallback: fallback)
        guard let path = try? LocalFiles.save(response.body, to: output, suggested: name) else { Foundation.exit(ExitCode.failure.rawValue) }
        let line = "saved \(path) (\(response.body.count) bytes)" + (note.map { ": \($0)" } ?? "")
        if output == "-" { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
    }
}
