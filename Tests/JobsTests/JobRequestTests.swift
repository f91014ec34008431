import Foundation
import Testing
import Tensor
import TestSupport

/// Bad job and evaluation requests: a 4xx whose detail names the problem, and nothing queued.
@Suite(.serialized) struct JobRequestTests {
    @Test func badJobsAreRefusedSayingWhy() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        try hub.uploadShared("sst2", split: "train", count: 20)
        func refused(_ json: String, _ status: Int = 400, token: String? = nil, mentions: String,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
            let response = try hub.request("POST", "/jobs", token: token ?? hub.alice, json: json)
            #expect(response.status == status, "\(json): \(response.text)", sourceLocation: sourceLocation)
            #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
            let detail = response.object["detail"] as? String ?? ""
            #expect(detail.contains(mentions), "\(detail)", sourceLocation: sourceLocation)
        }
        try refused(#"{"model": "bert-huge", "task": "sst2"}"#, mentions: "model 'bert-huge'; this hub has all-minilm-l6-v2")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "nope"}"#, mentions: "Task 'nope' has no datasets")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "shots": 21}"#, mentions: "has 20 examples")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "learning_rate": 0}"#, mentions: "'learning_rate'")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "epochs": 1.5}"#, mentions: "'epochs'")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "lerning_rate": 0.1}"#, mentions: "'lerning_rate'")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "init": {"vector": 99}}"#, 404, mentions: "No vector with id 99")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "init": {"random": true, "vector": 1}}"#, mentions: "exactly one")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "init": {"compose": {"tasks": "mnli"}}}"#, 404,
                    mentions: "No vectors for model 'all-minilm-l6-v2'")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "prompt_length": 400, "max_length": 200}"#,
                    mentions: "positions")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "store_as": "../x"}"#, mentions: "Invalid task name")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "kind": "magic"}"#, mentions: "Unknown job kind")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2""#, mentions: "not valid JSON")
        try refused(#"[1, 2]"#, mentions: "must be a JSON object")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2"}"#, 401, token: "wrong", mentions: "not valid")
        #expect(try hub.request("GET", "/jobs").object["total"] as? Int == 0)
    }

    @Test func aKeyTakenByAVectorOrAnActiveJobConflicts() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        try hub.uploadShared("sst2", split: "train", count: 40)
        let first = try hub.submit(#"{"model": "all-minilm-l6-v2", "task": "sst2", "seed": 1, "shots": 8, "max_steps": 500}"#)
        let clash = try hub.request("POST", "/jobs", token: hub.alice,
                                    json: #"{"model": "all-minilm-l6-v2", "task": "sst2", "seed": 1}"#)
        #expect(clash.status == 409, "\(clash.text)")
        #expect((clash.object["detail"] as? String)?.contains("job \(first["id"] as? Int ?? 0)") == true, "\(clash.text)")
        let elsewhere = try hub.request("POST", "/jobs", token: hub.alice,
                                        json: #"{"model": "all-minilm-l6-v2", "task": "sst2", "seed": 1, "store_as": "sst2-copy", "max_steps": 1}"#)
        #expect(elsewhere.status == 201, "\(elsewhere.text)")
        // An upload to the key a job will store under is refused too, naming the job, rather than
        // failing the job at its end.
        let tau = Safetensors.encode(["tau": Tensor(shape: [20, 384], scalars: Array(repeating: 0.01, count: 20 * 384))])
        let upload = try hub.request("POST", "/vectors?model=all-minilm-l6-v2&task=sst2&seed=1", token: hub.alice, body: tau)
        #expect(upload.status == 409 && upload.object["job_id"] as? Int == first["id"] as? Int, "\(upload.text)")
        let free = try hub.request("POST", "/vectors?model=all-minilm-l6-v2&task=sst2&seed=2", token: hub.alice, body: tau)
        #expect(free.status == 201, "\(free.text)")
        let moved = try hub.request("PUT", "/vectors/\(free.object["id"] as? Int ?? 0)?model=all-minilm-l6-v2&task=sst2&seed=1",
                                    token: hub.alice, body: tau)
        #expect(moved.status == 409 && moved.object["job_id"] as? Int == first["id"] as? Int, "\(moved.text)")
        _ = try hub.request("DELETE", "/jobs/\(first["id"] as? Int ?? 0)", token: hub.alice)
    }

    @Test func listingFiltersByStatusAndRefusesUnknownOnes() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        #expect(try hub.request("GET", "/jobs?status=done").status == 400)
        #expect(try hub.request("GET", "/jobs/abc").status == 404)
        #expect(try hub.request("GET", "/jobs/12345").status == 404)
        #expect(try hub.request("GET", "/jobs/12345/events").status == 404)
        #expect(try hub.request("GET", "/jobs?status=queued").object["total"] as? Int == 0)
        let models = try hub.request("GET", "/models").object["items"] as? [[String: Any]]
        #expect(models?.first { $0["model"] as? String == "all-minilm-l6-v2" }?["trainable"] as? Bool == true)
    }

    @Test func badEvaluationsAreRefusedSayingWhy() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        try hub.uploadShared("sst2", split: "test", count: 10)
        func refused(_ json: String, _ status: Int = 400, mentions: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let response = try hub.request("POST", "/evaluate", json: json)
            #expect(response.status == status, "\(json): \(response.text)", sourceLocation: sourceLocation)
            #expect((response.object["detail"] as? String ?? "").contains(mentions), "\(response.text)", sourceLocation: sourceLocation)
        }
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "split": "train", "prompt": {"none": true}}"#, mentions: "'split'")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "split": "validation", "prompt": {"none": true}}"#,
                    mentions: "no validation split")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2"}"#, mentions: "needs 'prompt'")
        try refused(#"{"model": "all-minilm-l6-v2", "task": "sst2", "prompt": {"vector": 4}}"#, 404, mentions: "No vector with id 4")
        // Evaluations run inside their request; past the limit they are asked to retry rather than queue up.
        hub.jobs.maximumConcurrentEvaluations = 0
        let busy = try hub.request("POST", "/evaluate", json: #"{"model": "all-minilm-l6-v2", "task": "sst2", "prompt": {"none": true}}"#)
        #expect(busy.status == 503 && busy.header("Retry-After") == "5", "\(busy.text)")
        #expect((busy.object["detail"] as? String)?.contains("evaluations are running") == true)
    }
}
