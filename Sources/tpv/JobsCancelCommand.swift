import ArgumentParser
import HubCLI

struct JobsCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a queued or running job (its owner's token).")

    @OptionGroup var hub: HubOptions
    @Argument(help: "The job's id.")
    var id: Int
    @Flag(help: "Print the job as JSON.")
    var json = false

    func run() throws {
        let (status, job) = try hub.client().delete("/jobs/\(id)")
        if json {
            print(job.prettyPrinted())
        } else if status == 202 {
            print("job \(id) is stopping (cancel requested); `tpv jobs follow \(id)` shows when it has")
        } else {
            print(JobEventPresenter.stateLine(job))
        }
    }
}
