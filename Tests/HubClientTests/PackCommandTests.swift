import Foundation
import HubClient
import JSON
import Tensor
import Testing
import TestSupport

/// `tpv export` and `tpv import`: a pack written from one real hub recreates its vectors in another,
/// bit for bit, with their metadata; a second import changes nothing; damage and conflicts are refused.
@Suite(.serialized) struct PackCommandTests {
    let directory = TemporaryDirectory(prefix: "tpv-cli-pack")

    struct Hub {
        let process: HubProcess
        let token: String
        var url: String { "http://127.0.0.1:\(process.port)" }
        var client: HubClient { HubClient(baseURL: url, token: token) }
    }

    func startHub(_ name: String) throws -> Hub {
        let data = directory.file(name)
        let token = try runProcess(HubProcess.executable, ["token", "create", "--name", name, "--data", data,
                                                           "--migrations", repositoryRoot + "/Migrations"])
            .output.trimmingCharacters(in: .newlines)
        return Hub(process: try HubProcess(dataDirectory: data), token: token)
    }

    func tpv(_ arguments: [String], on hub: Hub) throws -> ProcessResult {
        try runProcess(HubProcess.executable, arguments, environment: ["TPV_HUB": hub.url, "TPV_TOKEN": hub.token])
    }

    static func tensor(_ seed: Int) -> Tensor {
        Tensor(shape: [4, 8], scalars: (0..<32).map { Float(($0 * 7919 + seed * 104_729) % 2001 - 1000) / 997 })
    }

    /// Two tuned vectors on seed 1 (one init), one on seed 2, and one tau-only vector.
    func populate(_ hub: Hub) throws {
        func upload(_ task: String, seed: Int, _ tensors: [String: Tensor], metrics: String? = nil) throws {
            var query = [("model", "t5-base"), ("task", task), ("seed", String(seed)), ("description", "\(task) for the pack")]
            if let metrics { query += [("metrics", metrics), ("provenance", #"{"job_id": 7, "note": "from a test"}"#)] }
            _ = try hub.client.upload("POST", "/vectors", query: query, contentType: "application/x-safetensors",
                                      body: Safetensors.encode(tensors))
        }
        try upload("mnli", seed: 1, ["tuned": Self.tensor(2), "init": Self.tensor(1)], metrics: #"{"test": {"macro_f1": 0.61}}"#)
        try upload("qnli", seed: 1, ["tuned": Self.tensor(3), "init": Self.tensor(1)])
        try upload("mnli", seed: 2, ["tuned": Self.tensor(5), "init": Self.tensor(4)])
        try upload("sst2", seed: 1, ["tau": Self.tensor(6)])
    }

    func vectors(_ hub: Hub) throws -> [String: JSONValue] {
        let items = try hub.client.get("/vectors", query: [("limit", "100")])["items"]?.arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ("\($0["task"]!.stringValue!)@\($0["seed"]!.intValue!)", $0) })
    }

    @Test func exportThenImportRecreatesEveryVectorExactlyAndOnlyOnce() throws {
        let source = try startHub("source")
        try populate(source)
        let pack = directory.file("pack")
        let exported = try tpv(["export", pack, "--model", "t5-base", "--tasks", "mnli,qnli,sst2"], on: source)
        #expect(exported.status == 0 && exported.output == "wrote 4 vectors and 2 inits to \(pack)\n", "\(exported.output) \(exported.stderr)")
        #expect(exported.stderr.contains("exported 4/4"))
        let filtered = try tpv(["export", directory.file("seed2"), "--seeds", "2"], on: source)
        #expect(filtered.output == "wrote 1 vectors and 1 inits to \(directory.file("seed2"))\n", "\(filtered.output)")

        let target = try startHub("target")
        let imported = try tpv(["import", pack], on: target)
        #expect(imported.status == 0 && imported.output == "imported 4 vectors, 0 already there\n", "\(imported.output) \(imported.stderr)")
        let before = try vectors(source), after = try vectors(target)
        #expect(Set(after.keys) == ["mnli@1", "qnli@1", "mnli@2", "sst2@1"])
        for (key, original) in before {
            let copy = try #require(after[key])
            for member in ["sha256", "shape", "has_tuned", "description", "source", "metrics", "provenance"] {
                #expect(copy[member] == original[member], "\(key) \(member): \(String(describing: copy[member])) vs \(String(describing: original[member]))")
            }
        }
        // The tuned prompts and inits themselves, not only tau, came across bit for bit.
        for key in ["mnli@1", "mnli@2"] {
            for part in ["tuned", "init"] {
                let a = try source.client.download("/vectors/\(before[key]!["id"]!.intValue!)/data", query: [("part", part)]).body
                let b = try target.client.download("/vectors/\(after[key]!["id"]!.intValue!)/data", query: [("part", part)]).body
                #expect(try Safetensors.decode(a).tensors.values.first == Safetensors.decode(b).tensors.values.first, "\(key) \(part)")
            }
        }

        let again = try tpv(["import", pack], on: target)
        #expect(again.status == 0 && again.output == "imported 0 vectors, 4 already there\n", "\(again.output)")
    }

    @Test func importRefusesDamagedPacksAndNamesConflictingKeys() throws {
        let source = try startHub("source")
        try populate(source)
        let pack = directory.file("pack")
        #expect(try tpv(["export", pack], on: source).status == 0)

        // Another vector already under one of the keys: the rest is imported, the conflict named, status 1.
        let target = try startHub("target")
        _ = try target.client.upload("POST", "/vectors", query: [("model", "t5-base"), ("task", "sst2"), ("seed", "1")],
                                     contentType: "application/x-safetensors", body: Safetensors.encode(["tau": Self.tensor(9)]))
        let conflicting = try tpv(["import", pack], on: target)
        #expect(conflicting.status == 1, "\(conflicting.output) \(conflicting.stderr)")
        #expect(conflicting.output == "imported 3 vectors, 0 already there, 1 conflicting\n")
        #expect(conflicting.stderr.contains("These keys hold other vectors: t5-base sst2 seed 1 (vector 1)"), "\(conflicting.stderr)")

        // An edited tensor file fails its digest check before anything is sent.
        let manifest = try String(contentsOfFile: directory.file("pack/manifest.json"), encoding: .utf8)
        let tensorFile = directory.file("pack/vectors/t5-base/qnli/seed-1.safetensors")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: tensorFile)))
        bytes[bytes.count - 1] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: tensorFile))
        let fresh = try startHub("fresh")
        let damaged = try tpv(["import", pack], on: fresh)
        #expect(damaged.status == 2 && damaged.stderr.contains("vectors/t5-base/qnli/seed-1.safetensors does not match its SHA-256"), "\(damaged.stderr)")

        // A manifest pointing outside its folder, or of another format, is refused by name.
        try manifest.replacingOccurrences(of: "vectors/t5-base/mnli/seed-1.safetensors", with: "../../etc/passwd")
            .write(toFile: directory.file("pack/manifest.json"), atomically: true, encoding: .utf8)
        let escaping = try tpv(["import", pack], on: fresh)
        #expect(escaping.status == 2 && escaping.stderr.contains("names the file \"../../etc/passwd\", outside the pack's folder"), "\(escaping.stderr)")
        try manifest.replacingOccurrences(of: "tpv-hub vector pack", with: "something else")
            .write(toFile: directory.file("pack/manifest.json"), atomically: true, encoding: .utf8)
        #expect(try tpv(["import", pack], on: fresh).stderr.contains("is not a tpv-hub vector pack"))
        #expect(try tpv(["import", directory.file("nowhere")], on: fresh).stderr.contains("give the folder `tpv export` wrote"))
        #expect(try vectors(fresh).isEmpty, "nothing stored from a damaged pack")
    }

    /// The pack in the repository, made by `make reproduce`: every vector loads into a new hub with
    /// its tuned prompt, metrics and provenance.
    @Test func theRepositoryStarterPackLoadsIntoAFreshHub() throws {
        let pack = repositoryRoot + "/starter-pack"
        let manifest = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: pack + "/manifest.json"))))
        let count = try #require(manifest["vectors"]?.arrayValue?.count)
        #expect(count == 45, "15 tasks x 3 seeds")
        let hub = try startHub("starter")
        let imported = try tpv(["import", pack], on: hub)
        #expect(imported.status == 0 && imported.output == "imported \(count) vectors, 0 already there\n", "\(imported.output) \(imported.stderr)")
        let stored = try vectors(hub)
        #expect(stored.count == count)
        for (key, vector) in stored {
            #expect(vector["model"]?.stringValue == "all-minilm-l6-v2" && vector["shape"] == [20, 384], "\(key)")
            #expect(vector["has_tuned"]?.boolValue == true, "\(key)")
            #expect(vector["metrics"]?["test"] != nil && vector["provenance"]?["parameters"]?["max_steps"] != nil, "\(key)")
        }
    }
}
