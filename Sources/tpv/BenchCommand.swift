import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the hub's hot paths; each prints one JSON line.",
        subcommands: [BenchModelCommand.self, BenchTrainCommand.self])
}
