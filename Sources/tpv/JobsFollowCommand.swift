import ArgumentParser

struct JobsFollowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Show a job's progress until it finishes, then its metrics.",
        discussion: "Exit status: 0 when the job succeeded, 1 when it failed or was cancelled, 2 when the hub could not be asked.")

    @OptionGroup var hub: HubOptions
    @Argument(help: "The job's id.")
    var id: Int
    @Flag(help: "Print the final job as JSON.")
    var json = false

    func run() throws {
        let finished = try JobFollower(client: hub.client(), jobID: id).follow()
        try JobReport.finish(finished, json: json)
    }
}
