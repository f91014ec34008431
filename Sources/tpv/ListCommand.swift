import ArgumentParser
import Foundation
import HubCLI

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "Print the stored vectors as a table, ordered by model, task and seed.")

    @OptionGroup var hub: HubOptions
    @Option(help: "Only this model's vectors.")
    var model: String?
    @Option(help: "Only this task's vectors.")
    var task: String?
    @Option(help: "Only vectors of this seed.")
    var seed: Int?
    @Option(help: "At most this many vectors.")
    var limit: Int = 100
    @Option(help: "Skip this many.")
    var offset: Int = 0
    @Flag(help: "Print the hub's answer as JSON.")
    var json = false

    func run() throws {
        var query = [("limit", String(limit)), ("offset", String(offset))]
        if let model { query.append(("model", model)) }
        if let task { query.append(("task", task)) }
        if let seed { query.append(("seed", String(seed))) }
        let page = try hub.client().get("/vectors", query: query)
        if json {
            print(page.prettyPrinted())
            return
        }
        let vectors = page["items"]?.arrayValue ?? []
        if vectors.isEmpty {
            print("no vectors")
        } else {
            VectorTable.render(vectors).forEach { print($0) }
        }
        if let total = page["total"]?.intValue, total > offset + vectors.count {
            FileHandle.standardError.write(Data(
                "\(offset + 1)-\(offset + vectors.count) of \(total) vectors; --offset \(offset + vectors.count) shows more\n".utf8))
        }
    }
}
