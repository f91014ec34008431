import ArgumentParser

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List, show, follow and cancel the hub's jobs.",
        subcommands: [JobsListCommand.self, JobsShowCommand.self, JobsFollowCommand.self, JobsCancelCommand.self],
        defaultSubcommand: JobsListCommand.self)
}

/// The states GET /jobs?status= filters by.
enum JobStatus: String, CaseIterable, ExpressibleByArgument {
    case queued, running, succeeded, failed, cancelled
}
