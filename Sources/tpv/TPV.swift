import ArgumentParser
import Model

@main
struct TPV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tpv",
        abstract: "tpv-hub: store, share, compose and train task prompt vectors.",
        subcommands: [ServeCommand.self, TokenCommand.self, TokenizeCommand.self, EmbedCommand.self, BenchCommand.self])

    static func main() {
        // Before any BLAS work: OpenBLAS may have chosen generic kernels for this CPU.
        OpenBLASKernels.reexecutingIfBetterKernelsExist()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
