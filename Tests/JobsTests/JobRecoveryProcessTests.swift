import Foundation
import Store
import Testing
import TestSupport

/// The real `tpv serve` killed with SIGKILL mid-job, then started again on the same data.
@Suite(.serialized) struct JobRecoveryProcessTests {
    @Test func aJobRunningAtKillNineRunsAgainAfterTheRestartAndNothingHalfWrittenRemains() throws {
        let directory = TemporaryDirectory(prefix: "tpv-jobs-kill")
        let data = directory.file("data")
        let created = try runProcess(HubProcess.executable, ["token", "create", "--name", "alice", "--data", data,
                                                             "--migrations", repositoryRoot + "/Migrations"])
        let token = created.output.trimmingCharacters(in: .newlines)
        let arguments = ["--models", JobsFixture.modelsDirectory]

        var hub = try HubProcess(dataDirectory: data, extraArguments: arguments)
        func call(_ method: String, _ target: String, json: String? = nil, body: [UInt8] = []) throws -> RawHTTPClient.Response {
            var headers = [("Authorization", "Bearer \(token)")]
            if json != nil { headers.append(("Content-Type", "application/json")) }
            return try RawHTTPClient(port: hub.port, timeout: 120).request(method, target, headers: headers,
                                                                           body: json.map { Array($0.utf8) } ?? body)
        }
        for (split, count) in [("train", 40), ("validation", 16)] {
            let lines = try String(contentsOfFile: "\(sharedDirectory)/data/sst2/\(split).jsonl", encoding: .utf8)
                .split(separator: "\n").prefix(count).joined(separator: "\n")
            #expect(try call("POST", "/datasets/sst2?split=\(split)", body: Array(lines.utf8)).status == 201)
        }
        let submitted = try call("POST", "/jobs", json: """
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 4, "shots": 16, "max_steps": 12, "batch_size": 4,
             "validation_limit": 8}
            """)
        let id = try #require(submitted.object["id"] as? Int, "\(submitted.text)")
        let queuedBehind = try #require(try call("POST", "/jobs", json: """
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 5, "shots": 8, "max_steps": 2, "batch_size": 4,
             "validation_limit": 8}
            """).object["id"] as? Int)
        let reader = try SSEReader(port: hub.port, path: "/jobs/\(id)/events")
        while let event = try reader.next(), event.name != "progress" {}
        hub.kill9()

        // Between the kill and the restart: the job is still marked running, no vector was stored, and
        // the store opens cleanly (it sweeps what an unfinished write left).
        do {
            let store = try HubStore.open(dataDirectory: data, migrationsDirectory: repositoryRoot + "/Migrations")
            defer { store.close() }
            #expect(try store.jobs.get(id: id)?.status == .running)
            #expect(try store.jobs.get(id: queuedBehind)?.status == .queued)
            #expect(try store.vectors.list().total == 0)
            #expect(try store.inits.list().isEmpty)
        }

        hub = try HubProcess(dataDirectory: data, extraArguments: arguments)
        let restarted = SSEReaderLoop(port: hub.port, id: id)
        let end = try #require(try restarted.end())
        #expect(end["status"] as? String == "succeeded", "\(end)")
        #expect(end["attempts"] as? Int == 2)
        let second = try #require(try SSEReaderLoop(port: hub.port, id: queuedBehind).end())
        #expect(second["status"] as? String == "succeeded")
        let vectors = try call("GET", "/vectors?model=all-minilm-l6-v2&task=sst2").object
        #expect(vectors["total"] as? Int == 2)
        let (status, stderr) = hub.terminate()
        #expect(status == 0)
        #expect(stderr.contains("re-queued jobs interrupted by the last stop: [\(id)]"), "\(stderr)")
    }
}

/// Reads a job's events until its end and returns the final job.
struct SSEReaderLoop {
    let port: Int
    let id: Int

    func end() throws -> [String: Any]? {
        let reader = try SSEReader(port: port, path: "/jobs/\(id)/events")
        while let event = try reader.next() {
            if event.name == "end" { return event.json }
        }
        return nil
    }
}
