import ArgumentParser

struct JobsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a job as indented JSON.")

    @OptionGroup var hub: HubOptions
    @Argument(help: "The job's id.")
    var id: Int

    func run() throws {
        print(try hub.client().get("/jobs/\(id)").prettyPrinted())
    }
}
