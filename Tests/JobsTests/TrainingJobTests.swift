import Foundation
import Testing
import TestSupport

/// Prompt tuning through the HTTP API on the real model and a slice of the real sst2 data.
@Suite(.serialized) struct TrainingJobTests {
    /// sst2 slices: 200 training lines (the job samples 32 shots), 64 validation, 200 test.
    static func sst2Hub(workers: Int = 1) throws -> JobsFixture {
        let hub = try JobsFixture(workers: workers)
        try hub.uploadShared("sst2", split: "train", count: 200)
        try hub.uploadShared("sst2", split: "validation", count: 64)
        try hub.uploadShared("sst2", split: "test", count: 200)
        return hub
    }

    @Test func aFewShotJobBeatsItsRandomInitAndStoresItsVectorWithProvenance() throws {
        let hub = try Self.sst2Hub()
        defer { withExtendedLifetime(hub) {} }
        let random = try hub.request("POST", "/evaluate", json: """
            {"model": "all-minilm-l6-v2", "task": "sst2", "split": "test", "prompt": {"random": true, "seed": 3}}
            """)
        #expect(random.status == 200, "\(random.text)")
        let randomF1 = try #require(value(random.json, "metrics", "macro_f1") as? Double)

        let job = try hub.submit("""
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 3, "init": {"random": true}, "shots": 32,
             "epochs": 6, "batch_size": 8, "learning_rate": 0.03}
            """)
        let id = try #require(job["id"] as? Int)
        #expect(job["status"] as? String == "queued")
        let events = try hub.events(id)
        #expect(events.first?.name == "status")
        let progress = events.filter { $0.name == "progress" }.map(\.json)
        #expect(progress.count >= 2)
        #expect(progress.last?["step"] as? Int == 24 && progress.last?["total"] as? Int == 24)
        #expect(progress.allSatisfy { $0["loss"] is Double && $0["eta_seconds"] is Double && $0["examples_per_second"] is Double })
        #expect(events.filter { $0.name == "evaluation" }.count == 6)
        let end = try #require(events.last)
        #expect(end.name == "end")
        #expect(end.json["status"] as? String == "succeeded", "\(end.data)")

        let done = try hub.job(id)
        let testF1 = try #require(value(done, "metrics", "test", "macro_f1") as? Double)
        #expect(value(done, "metrics", "test", "n") as? Int == 200)
        #expect(value(done, "metrics", "validation", "n") as? Int == 64)
        #expect(testF1 > randomF1 + 0.02, "tuned \(testF1) vs random init \(randomF1)")

        // The vector is in the hub under (model, task, seed) with the job's provenance.
        let vectorID = try #require(done["vector_id"] as? Int)
        let vector = try hub.request("GET", "/vectors/\(vectorID)").object
        #expect(vector["task"] as? String == "sst2" && vector["seed"] as? Int == 3)
        #expect(vector["shape"] as? [Int] == [20, 384])
        #expect(value(vector, "provenance", "job_id") as? Int == id)
        #expect((value(vector, "provenance", "code_version") as? String)?.hasPrefix("tpv-hub ") == true)
        let datasets = try hub.request("GET", "/datasets/sst2").object
        let splits = try #require(datasets["splits"] as? [String: [String: Any]])
        #expect(splits.count == 3)
        for (name, split) in splits {
            #expect(value(vector, "provenance", "datasets", name, "sha256") as? String == split["sha256"] as? String)
        }
        #expect(value(vector, "metrics", "test", "macro_f1") as? Double == testF1)
        #expect(value(vector, "provenance", "parameters", "shots") as? Int == 32)

        // Its init was stored for the seed, so tuned = init + tau, and /compose rebuilds the tuned prompt.
        let tuned = try hub.request("GET", "/vectors/\(vectorID)/data?part=tuned&format=json").object
        let composed = try hub.request("GET", "/compose?tasks=sst2&seed=3&format=json").object
        let a = try #require(tuned["data"] as? [Double]), b = try #require(composed["data"] as? [Double])
        #expect(a.count == 20 * 384 && zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 })

        // The stored tuned prompt scores what the job reported.
        let again = try hub.request("POST", "/evaluate", json: """
            {"model": "all-minilm-l6-v2", "task": "sst2", "split": "test", "prompt": {"vector": \(vectorID)}}
            """)
        #expect(value(again.json, "metrics", "macro_f1") as? Double == testF1)
    }

    @Test func jobsQueuedBehindOneWorkerRunInOrder() throws {
        let hub = try Self.sst2Hub()
        defer { withExtendedLifetime(hub) {} }
        let body = { (seed: Int) in
            #"{"model": "all-minilm-l6-v2", "task": "sst2", "seed": \#(seed), "shots": 8, "max_steps": 2, "batch_size": 4, "validation_limit": 8}"#
        }
        let first = try #require(try hub.submit(body(1))["id"] as? Int)
        let second = try hub.submit(body(2))
        let secondID = try #require(second["id"] as? Int)
        #expect([0, 1].contains(second["position"] as? Int ?? -1), "one job ahead at most, and it may have started")
        // Followed to its end by curl, as a notebook user would.
        let curl = try runProcess("curl", ["-sN", "--max-time", "600", "http://127.0.0.1:\(hub.server.port)/jobs/\(secondID)/events"])
        #expect(curl.status == 0, "\(curl.stderr)")
        let blocks = curl.output.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(blocks.first?.hasPrefix("event: status\ndata: {") == true)
        #expect(blocks.last?.hasPrefix("event: end\ndata: {") == true && blocks.last?.contains("\"status\":\"succeeded\"") == true,
                "\(blocks.last ?? "")")
        let a = try hub.job(first), b = try hub.job(secondID)
        #expect(a["status"] as? String == "succeeded" && b["status"] as? String == "succeeded")
        let aFinished = try #require(a["finished_at"] as? String), bStarted = try #require(b["started_at"] as? String)
        #expect(bStarted >= aFinished, "the second job started at \(bStarted), before the first finished at \(aFinished)")
        let listed = try hub.request("GET", "/jobs?status=succeeded").object
        #expect((listed["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [secondID, first])
    }

    @Test func cancellingARunningJobStopsItAndStoresNothing() throws {
        let hub = try Self.sst2Hub()
        defer { withExtendedLifetime(hub) {} }
        let id = try #require(try hub.submit("""
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 5, "shots": 64, "max_steps": 5000, "batch_size": 8}
            """)["id"] as? Int)
        _ = try hub.events(id) { $0.name == "progress" }
        #expect(try hub.request("DELETE", "/jobs/\(id)", token: hub.bob).status == 403)
        let response = try hub.request("DELETE", "/jobs/\(id)", token: hub.alice)
        // 200 once stopped; 202 while a step or an evaluation batch still runs (how long that takes is
        // the benchmark's business, not this test's): then the job's end event says how it ended.
        #expect([200, 202].contains(response.status), "\(response.text)")
        if response.status == 202 {
            #expect(response.object["cancel_requested"] as? Bool == true)
            _ = try hub.events(id)
        }
        let cancelled = try hub.job(id)
        #expect(cancelled["status"] as? String == "cancelled")
        #expect((cancelled["error"] as? String)?.contains("cancelled by its owner") == true)
        #expect(cancelled["vector_id"] is NSNull)
        #expect(try hub.request("GET", "/vectors?task=sst2").object["total"] as? Int == 0)
        #expect(try hub.request("DELETE", "/jobs/\(id)", token: hub.alice).status == 409)
        // A finished job's event stream is its state and the end.
        #expect(try hub.events(id).map(\.name) == ["status", "end"])
    }

    @Test func aQueuedJobCancelsAtOnce() throws {
        let hub = try Self.sst2Hub()
        defer { withExtendedLifetime(hub) {} }
        let running = try #require(try hub.submit("""
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 6, "shots": 64, "max_steps": 5000, "batch_size": 8}
            """)["id"] as? Int)
        let queued = try #require(try hub.submit("""
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 7, "shots": 8, "max_steps": 1}
            """)["id"] as? Int)
        let response = try hub.request("DELETE", "/jobs/\(queued)", token: hub.alice)
        #expect(response.status == 200 && response.object["status"] as? String == "cancelled")
        #expect([200, 202].contains(try hub.request("DELETE", "/jobs/\(running)", token: hub.alice).status))
        #expect(try hub.events(running).last?.json["status"] as? String == "cancelled")
    }
}

@Suite(.serialized) struct GracefulStopTests {
    @Test func aGracefulStopPutsTheRunningJobBackWithoutCountingTheAttempt() throws {
        let hub = try TrainingJobTests.sst2Hub()
        defer { withExtendedLifetime(hub) {} }
        let id = try #require(try hub.submit("""
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 8, "shots": 64, "max_steps": 5000, "batch_size": 8}
            """)["id"] as? Int)
        _ = try hub.events(id) { $0.name == "progress" }
        hub.jobs.shutdown()
        let job = try #require(try hub.store.jobs.get(id: id))
        #expect(job.status == .queued)
        #expect(job.attempts == 0)
        #expect(job.startedAt == nil)
        #expect(try hub.store.vectors.list().total == 0)
    }
}
