import Foundation
import Testing
import TestSupport

/// `tpv train`, `tpv jobs` and `tpv evaluate` against the real `tpv serve` training the real model.
@Suite(.serialized) struct CommandLineJobTests {
    @Test func trainFollowsARealJobToItsVectorAndTheOtherCommandsSeeIt() throws {
        let directory = TemporaryDirectory(prefix: "tpv-cli-jobs")
        let data = directory.file("data")
        let token = try runProcess(HubProcess.executable, ["token", "create", "--name", "alice", "--data", data,
                                                           "--migrations", repositoryRoot + "/Migrations"])
            .output.trimmingCharacters(in: .newlines)
        let hub = try HubProcess(dataDirectory: data, extraArguments: ["--models", JobsFixture.modelsDirectory])
        defer { _ = hub.terminate() }
        let environment = ["TPV_HUB": "http://127.0.0.1:\(hub.port)", "TPV_TOKEN": token]
        func tpv(_ arguments: [String]) throws -> ProcessResult {
            try runProcess(HubProcess.executable, arguments, environment: environment)
        }
        for (split, count) in [("train", 40), ("validation", 16), ("test", 16)] {
            let lines = try String(contentsOfFile: "\(sharedDirectory)/data/sst2/\(split).jsonl", encoding: .utf8)
                .split(separator: "\n").prefix(count).joined(separator: "\n")
            let response = try RawHTTPClient(port: hub.port).request(
                "POST", "/datasets/sst2?split=\(split)&labels=negative,positive",
                headers: [("Authorization", "Bearer \(token)")], body: Array(lines.utf8))
            #expect(response.status == 201)
        }

        let train = try tpv(["train", "--model", "all-minilm-l6-v2", "--task", "sst2", "--seed", "1", "--shots", "8",
                             "--max-steps", "4", "--batch-size", "4", "--validation-limit", "8"])
        #expect(train.status == 0, "\(train.stderr)")
        let out = train.output.split(separator: "\n").map(String.init)
        #expect(out.first?.hasPrefix("job 1 ") == true, "\(train.output)")
        #expect(out.contains { $0.hasPrefix("job 1 succeeded in ") }, "\(train.output)")
        #expect(out.contains { $0.hasPrefix("test: macro-F1 ") && $0.hasSuffix("n 16") }, "\(train.output)")
        #expect(out.last == "vector: /vectors/1", "\(train.output)")
        #expect(train.stderr.contains("4/4"), "\(train.stderr)")

        let list = try tpv(["jobs"])
        #expect(list.status == 0)
        #expect(list.output.contains("succeeded") && list.output.contains("sst2"), "\(list.output)")
        let show = try tpv(["jobs", "show", "1"])
        #expect(show.output.contains("\"vector_id\": 1"), "\(show.output)")

        let evaluate = try tpv(["evaluate", "--model", "all-minilm-l6-v2", "--task", "sst2", "--split", "test",
                                "--prompt", "vector:1", "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let vectorScore = try JSONSerialization.jsonObject(with: evaluate.stdout) as? [String: Any]
        let jobScore = try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any]
        #expect(value(vectorScore, "metrics", "macro_f1") as? Double == value(jobScore, "metrics", "test", "macro_f1") as? Double)

        // Detached, then cancelled from the command line; the job queued behind it fails because its
        // training data was deleted meanwhile, and `jobs follow` says so with exit status 1.
        func detach(seed: Int, steps: Int) throws -> Int {
            let detached = try tpv(["train", "--model", "all-minilm-l6-v2", "--task", "sst2", "--seed", "\(seed)",
                                    "--max-steps", "\(steps)", "--batch-size", "4", "--detach"])
            #expect(detached.status == 0, "\(detached.stderr)")
            return try #require(detached.output.split(separator: " ").dropFirst().first.flatMap { Int($0) }, "\(detached.output)")
        }
        let long = try detach(seed: 3, steps: 5000)
        let behind = try detach(seed: 5, steps: 2)
        let deleted = try RawHTTPClient(port: hub.port).request("DELETE", "/datasets/sst2/train",
                                                                headers: [("Authorization", "Bearer \(token)")])
        #expect(deleted.status == 204)
        let cancel = try tpv(["jobs", "cancel", "\(long)"])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        // The cancel may still be landing (202): following the job waits for its end (exit 1: cancelled).
        #expect(try tpv(["jobs", "follow", "\(long)"]).status == 1)
        #expect(try tpv(["jobs", "--status", "cancelled"]).output.contains("\(long)"))
        let follow = try tpv(["jobs", "follow", "\(behind)"])
        #expect(follow.status == 1, "\(follow.output) \(follow.stderr)")
        #expect(follow.stderr.contains("has no train split"), "\(follow.stderr)")
        #expect(try tpv(["jobs", "cancel", "12345"]).status == 2)
    }
}
