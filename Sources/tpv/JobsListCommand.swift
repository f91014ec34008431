import ArgumentParser
import Foundation
import HubCLI

struct JobsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the jobs as a table, newest first (MACRO-F1: test split, else validation).")

    @OptionGroup var hub: HubOptions
    @Option(help: "Only jobs in this state.")
    var status: JobStatus?
    @Option(help: "At most this many jobs.")
    var limit: Int = 100
    @Option(help: "Skip this many of the newest jobs.")
    var offset: Int = 0
    @Flag(help: "Print the hub's answer as JSON.")
    var json = false

    func run() throws {
        var query = [("limit", String(limit)), ("offset", String(offset))]
        if let status { query.append(("status", status.rawValue)) }
        let page = try hub.client().get("/jobs", query: query)
        if json {
            print(page.prettyPrinted())
            return
        }
        let jobs = page["items"]?.arrayValue ?? []
        if jobs.isEmpty {
            print(status.map { "no \($0.rawValue) jobs" } ?? "no jobs")
        } else {
            JobTable.render(jobs).forEach { print($0) }
        }
        if let total = page["total"]?.intValue, total > offset + jobs.count {
            FileHandle.standardError.write(Data(
                "\(offset + 1)-\(offset + jobs.count) of \(total) jobs; --offset \(offset + jobs.count) shows more\n".utf8))
        }
    }
}
