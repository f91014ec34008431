import Foundation
import HTTP
import Hub
import Jobs
import Store
import TestSupport

/// A hub with its job workers on a real SQLite file and blob folder, serving on a free loopback
/// port, training the real default model; tokens for "alice" and "bob".
final class JobsFixture {
    let directory = TemporaryDirectory(prefix: "tpv-jobs")
    let store: HubStore
    let jobs: JobService
    let hub: Hub
    let server: RunningServer
    let alice: String
    let bob: String

    init(workers: Int = 1) throws {
        store = try HubStore.open(dataDirectory: directory.file("data"), migrationsDirectory: repositoryRoot + "/Migrations")
        alice = try store.tokens.create(name: "alice")
        bob = try store.tokens.create(name: "bob")
        jobs = JobService(store: store, models: ModelCatalog(directory: JobsFixture.modelsDirectory), workers: workers,
                          codeVersion: Hub.version)
        hub = try Hub(store: store, jobs: jobs, publicDirectory: repositoryRoot + "/Public")
        server = try RunningServer(hub.router)
        try jobs.start()
    }

    deinit {
        server.server.shutdown()
        jobs.shutdown()
        store.close()
    }

    /// The folder holding the default model (CI installs it with scripts/install-model.sh).
    static var modelsDirectory: String {
        if let explicit = ProcessInfo.processInfo.environment["TPV_MODEL_DIR"] {
            return URL(fileURLWithPath: explicit).deletingLastPathComponent().path
        }
        return repositoryRoot + "/models"
    }

    static let model = "all-minilm-l6-v2"

    func request(_ method: String, _ target: String, token: String? = nil, json: String? = nil,
                 body: [UInt8] = []) throws -> RawHTTPClient.Response {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try server.client(timeout: 120).request(method, target, headers: headers, body: json.map { Array($0.utf8) } ?? body)
    }

    /// The first `count` lines of a split of a task in ../shared/data, uploaded under `task`.
    func uploadShared(_ sharedTask: String, split: String, count: Int, as task: String? = nil,
                      skip: Int = 0) throws {
        let text = try String(contentsOfFile: "\(sharedDirectory)/data/\(sharedTask)/\(split).jsonl", encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst(skip).prefix(count).joined(separator: "\n") + "\n"
        let response = try request("POST", "/datasets/\(task ?? sharedTask)?split=\(split)\(Self.labelsQuery(sharedTask))",
                                   token: alice, body: Array(lines.utf8))
        guard response.status == 201 else {
            throw RawHTTPClient.ClientError(description: "dataset upload: \(response.status) \(response.text)")
        }
    }

    /// `&labels=a,b` with the class order of ../shared/data/tasks.json, so any split may come first.
    static func labelsQuery(_ task: String) -> String {
        guard let data = FileManager.default.contents(atPath: "\(sharedDirectory)/data/tasks.json"),
              let tasks = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]],
              let labels = tasks.first(where: { $0["name"] as? String == task })?["labels"] as? [String],
              !labels.isEmpty else { return "" }
        return "&labels=" + labels.map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0 }.joined(separator: ",")
    }

    /// POST /jobs; the created job.
    func submit(_ json: String, token: String? = nil) throws -> [String: Any] {
        let response = try request("POST", "/jobs", token: token ?? alice, json: json)
        guard response.status == 201 else {
            throw RawHTTPClient.ClientError(description: "submit: \(response.status) \(response.text)")
        }
        return response.object
    }

    func job(_ id: Int) throws -> [String: Any] {
        try request("GET", "/jobs/\(id)").object
    }

    /// Follows the job's events until `end` (or until `until` returns true) and returns them.
    func events(_ id: Int, until: (SSEEvent) -> Bool = { _ in false }) throws -> [SSEEvent] {
        let reader = try SSEReader(port: server.port, path: "/jobs/\(id)/events")
        var events: [SSEEvent] = []
        while let event = try reader.next() {
            events.append(event)
            if event.name == "end" || until(event) { break }
        }
        return events
    }
}

extension RawHTTPClient.Response {
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
}

/// Digs through decoded JSON: `value(json, "metrics", "test", "macro_f1")`.
func value(_ json: Any?, _ path: String...) -> Any? {
    path.reduce(json) { ($0 as? [String: Any])?[$1] }
}
