import ArgumentParser
import Foundation
import HubCLI
import HubClient
import JSON
import Store

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a hub's vectors (with their inits, metrics and provenance) to a folder that `tpv import` loads.",
        discussion: """
            FOLDER gets manifest.json, vectors/MODEL/TASK/seed-N.safetensors (the tuned prompt, or tau when the hub \
            has no tuned prompt) and inits/MODEL/seed-N.safetensors. Exact: an import recreates every vector \
            bit for bit, which it checks against the tau SHA-256 the manifest records.
            """)

    @OptionGroup var hub: HubOptions
    @Argument(help: ArgumentHelp("The folder to write (created; files in it are replaced).", valueName: "folder"))
    var folder: String
    @Option(help: "Only this model's vectors.")
    var model: String?
    @Option(help: ArgumentHelp("Only these tasks (comma-separated).", valueName: "tasks"))
    var tasks: String?
    @Option(help: ArgumentHelp("Only these seeds (comma-separated).", valueName: "seeds"))
    var seeds: String?

    func run() throws {
        let client = hub.client()
        let wantedTasks = tasks.map { Set($0.split(separator: ",").map { String($0) }) }
        let wantedSeeds = try seeds.map { text in
            Set(try text.split(separator: ",").map { part -> Int in
                guard let seed = Int(part) else { throw ValidationError("--seeds takes seeds like 1,2,3, not '\(text)'") }
                return seed
            })
        }
        var vectors: [JSONValue] = []
        while true {
            var query = [("limit", "1000"), ("offset", String(vectors.count))]
            if let model { query.append(("model", model)) }
            let page = try client.get("/vectors", query: query)
            let items = page["items"]?.arrayValue ?? []
            vectors += items
            if items.isEmpty || vectors.count >= (page["total"]?.intValue ?? 0) { break }
        }
        vectors = vectors.filter { v in
            (wantedTasks?.contains(v["task"]?.stringValue ?? "") ?? true) && (wantedSeeds?.contains(v["seed"]?.intValue ?? -1) ?? true)
        }
        guard !vectors.isEmpty else { throw ValidationError("the hub at \(hub.hub) has no vectors matching these filters; `tpv ls` lists what it has") }

        var pack = VectorPack()
        for (number, vector) in vectors.enumerated() {
            guard let id = vector["id"]?.intValue, let model = vector["model"]?.stringValue, let task = vector["task"]?.stringValue,
                  let seed = vector["seed"]?.intValue, let tauSHA256 = vector["sha256"]?.stringValue else {
                throw ValidationError("the hub listed a vector without id, model, task, seed or sha256: \(vector)")
            }
            let tuned = vector["has_tuned"]?.boolValue == true
            if tuned, pack.initFile(model: model, seed: seed) == nil {
                guard let initID = vector["init_id"]?.intValue else {
                    throw ValidationError("vector \(id) has a tuned prompt but no init_id; the hub's answer is incomplete")
                }
                let bytes = try client.download("/inits/\(initID)/data", query: [("format", "safetensors")]).body
                let path = VectorPack.initPath(model: model, seed: seed)
                try write(bytes, path)
                pack.inits.append(.init(model: model, seed: seed, file: path, sha256: SHA256.hex(bytes)))
            }
            let bytes = try client.download("/vectors/\(id)/data",
                                            query: [("part", tuned ? "tuned" : "tau"), ("format", "safetensors")]).body
            let path = VectorPack.vectorPath(model: model, task: task, seed: seed)
            try write(bytes, path)
            pack.vectors.append(.init(model: model, task: task, seed: seed, file: path, sha256: SHA256.hex(bytes),
                                      content: tuned ? .tuned : .tau, tauSHA256: tauSHA256,
                                      metadata: VectorPack.carriedMetadata.compactMap { name in
                                          vector[name].flatMap { $0 == .null ? nil : (name, $0) }
                                      }))
            FileHandle.standardError.write(Data("exported \(number + 1)/\(vectors.count): \(model) \(task) seed \(seed)\n".utf8))
        }
        try write(Array((pack.json.prettyPrinted() + "\n").utf8), VectorPack.manifestName)
        print("wrote \(pack.vectors.count) vectors and \(pack.inits.count) inits to \(folder)")
    }

    private func write(_ bytes: [UInt8], _ relative: String) throws {
        let url = URL(fileURLWithPath: folder).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
    }
}
