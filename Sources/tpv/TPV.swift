import ArgumentParser

@main
struct TPV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tpv",
        abstract: "tpv-hub: store, share, compose and train task prompt vectors.",
        subcommands: [ServeCommand.self, TokenCommand.self])
}
