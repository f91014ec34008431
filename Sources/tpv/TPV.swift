import ArgumentParser
import Foundation
import HubClient
import Model

@main
struct TPV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tpv",
        abstract: "tpv-hub: store, share, compose and train task prompt vectors.",
        subcommands: [ServeCommand.self, TokenCommand.self, PushCommand.self, PullCommand.self, ComposeCommand.self,
                      SimilarityCommand.self, ListCommand.self, TrainCommand.self, JobsCommand.self, EvaluateCommand.self,
                      ExportCommand.self, ImportCommand.self, TokenizeCommand.self, EmbedCommand.self, BenchCommand.self])

    /// Exit status of a usage error or a failed request to the hub (1 is a job that failed).
    static let usageOrRequestFailure: Int32 = 2

    static func main() {
        // Before any BLAS work: OpenBLAS may have chosen generic kernels for this CPU.
        OpenBLASKernels.reexecutingIfBetterKernelsExist()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as HubClientError {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            Foundation.exit(usageOrRequestFailure)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(usageOrRequestFailure)
        }
    }
}
