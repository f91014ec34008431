import ArgumentParser
import Foundation

/// `--data DIR` (or TPV_DATA): where the SQLite file and the tensor blobs live.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory: hub.sqlite and blobs/ (env TPV_DATA, default ./data).")
    var data: String = ProcessInfo.processInfo.environment["TPV_DATA"] ?? "./data"

    @Option(help: "Folder of SQL migrations (default: found next to the binary or in the source tree).")
    var migrations: String?
}
