import Foundation
import Tensor
import Testing
import TestSupport

/// Evaluation of composed prompts and the lambda search, on vectors uploaded for the real model.
@Suite(.serialized) struct CompositionJobTests {
    /// Two tasks with validation data and one uploaded task prompt vector each (seed 1, [20, 384]).
    static func twoTaskHub() throws -> JobsFixture {
        let hub = try JobsFixture()
        try hub.uploadShared("sst2", split: "validation", count: 24)
        try hub.uploadShared("sst2", split: "test", count: 24)
        try hub.uploadShared("imdb", split: "validation", count: 24)
        for (task, seed) in [("sst2", 11 as UInt64), ("imdb", 12)] {
            let tau = Tensor(shape: [20, 384], scalars: (0..<(20 * 384)).map { Float(sin(Double($0) * Double(seed))) * 0.3 })
            let response = try hub.request("POST", "/vectors?model=all-minilm-l6-v2&task=\(task)&seed=1", token: hub.alice,
                                           body: Safetensors.encode(["tau": tau]))
            guard response.status == 201 else { throw RawHTTPClient.ClientError(description: response.text) }
        }
        return hub
    }

    @Test func evaluationScoresNoneRandomVectorAndComposedPrompts() throws {
        let hub = try Self.twoTaskHub()
        defer { withExtendedLifetime(hub) {} }
        func f1(_ prompt: String, split: String = "validation") throws -> Double {
            let response = try hub.request("POST", "/evaluate", json: """
                {"model": "all-minilm-l6-v2", "task": "sst2", "split": "\(split)", "prompt": \(prompt), "limit": 16}
                """)
            #expect(response.status == 200, "\(prompt): \(response.text)")
            #expect(value(response.json, "metrics", "n") as? Int == 16)
            return try #require(value(response.json, "metrics", "macro_f1") as? Double)
        }
        let none = try f1(#"{"none": true}"#)
        #expect((0...1).contains(none))
        // No init is stored for seed 1, so random and compose draw it the documented way, both times the same.
        #expect(try f1(#"{"random": true, "seed": 1}"#) == f1(#"{"random": true, "seed": 1}"#))
        // compose at lambda 0 is the init itself.
        #expect(try f1(#"{"compose": {"tasks": "sst2,imdb", "lambda": 0, "seed": 1}}"#) == f1(#"{"random": true, "seed": 1}"#))
        _ = try f1(#"{"compose": {"tasks": "sst2,imdb", "lambda": 0.5, "seed": 1}}"#, split: "test")
    }

    @Test func evaluationComposesWithTheMergeMethodsOfCompose() throws {
        let hub = try Self.twoTaskHub()
        defer { withExtendedLifetime(hub) {} }
        func evaluate(_ compose: String) throws -> RawHTTPClient.Response {
            try hub.request("POST", "/evaluate", json: """
                {"model": "all-minilm-l6-v2", "task": "sst2", "split": "validation", "limit": 16, "prompt": {"compose": \(compose)}}
                """)
        }
        func f1(_ compose: String) throws -> Double {
            let response = try evaluate(compose)
            #expect(response.status == 200, "\(compose): \(response.text)")
            return try #require(value(response.json, "metrics", "macro_f1") as? Double)
        }
        // The ties merge /evaluate builds is the one GET /compose returns: stored as a vector of its own, it scores the same.
        let merged = try hub.request("GET", "/compose?model=all-minilm-l6-v2&tasks=sst2,-imdb:0.5&seed=1&init=none&method=ties&density=0.3&format=npy")
        #expect(merged.status == 200, "\(merged.text)")
        let upload = try hub.request("POST", "/vectors?model=all-minilm-l6-v2&task=tiesmerged&seed=1", token: hub.alice, body: merged.body)
        #expect(upload.status == 201, "\(upload.text)")
        let ties = try evaluate(#"{"tasks": "sst2,-imdb:0.5", "seed": 1, "method": "ties", "density": 0.3}"#)
        #expect(value(ties.json, "resolved", "merge", "method") as? String == "ties")
        #expect(value(ties.json, "resolved", "merge", "density") as? Double == 0.3)
        #expect((value(ties.json, "resolved", "terms") as? [[String: Any]])?.compactMap { $0["coefficient"] as? Double } == [1, -0.5])
        #expect(value(ties.json, "metrics", "macro_f1") as? Double == (try f1(#"{"tasks": "tiesmerged", "seed": 1}"#)))
        // mean is half the sum; dare keeping everything is the sum.
        #expect(try f1(#"{"tasks": "sst2,imdb", "seed": 1, "method": "mean"}"#) == f1(#"{"tasks": "sst2,imdb", "lambda": 0.5, "seed": 1}"#))
        #expect(try f1(#"{"tasks": "sst2,imdb", "seed": 1, "method": "dare", "density": 1}"#) == f1(#"{"tasks": "sst2,imdb", "seed": 1}"#))
        for (compose, says) in [(#"{"tasks": "sst2", "seed": 1, "method": "median"}"#, "sum, mean, ties, dare, dare_ties"),
                                (#"{"tasks": "sst2", "seed": 1, "density": 0.5}"#, "does not apply to method sum"),
                                (#"{"tasks": "sst2", "seed": 1, "method": "ties", "density": 2}"#, "'density'")] {
            let response = try evaluate(compose)
            #expect(response.status == 400 && (response.object["detail"] as? String)?.contains(says) == true, "\(response.text)")
        }
    }

    @Test func lambdaSearchScansTheGridAndPicksTheBestLowestLambda() throws {
        let hub = try Self.twoTaskHub()
        defer { withExtendedLifetime(hub) {} }
        let response = try hub.request("POST", "/lambda-search", token: hub.alice, json: """
            {"model": "all-minilm-l6-v2", "tasks": "sst2,imdb", "seed": 1, "limit": 12, "step": 0.25}
            """)
        #expect(response.status == 201, "\(response.text)")
        let id = try #require(response.object["id"] as? Int)
        #expect(response.object["kind"] as? String == "lambda-search")
        let events = try hub.events(id)
        #expect(events.filter { $0.name == "progress" }.count == 5)
        #expect(events.last?.json["status"] as? String == "succeeded", "\(events.last?.data ?? "")")

        let job = try hub.job(id)
        let curve = try #require(value(job, "result", "curve") as? [[String: Any]])
        #expect(curve.compactMap { $0["lambda"] as? Double } == [0, 0.25, 0.5, 0.75, 1])
        let means = curve.compactMap { $0["mean"] as? Double }
        let best = try #require(value(job, "result", "best", "lambda") as? Double)
        let bestIndex = means.firstIndex(of: means.max()!)!
        #expect(best == [0, 0.25, 0.5, 0.75, 1][bestIndex])
        #expect(value(job, "metrics", "lambda") as? Double == best)

        // Each point is what /evaluate says of that composition.
        let point = curve[2]
        let evaluated = try hub.request("POST", "/evaluate", json: """
            {"model": "all-minilm-l6-v2", "task": "imdb", "split": "validation", "limit": 12,
             "prompt": {"compose": {"tasks": "sst2,imdb", "lambda": 0.5, "seed": 1}}}
            """)
        #expect(value(evaluated.json, "metrics", "macro_f1") as? Double == value(point, "scores", "imdb") as? Double)
    }

    @Test func aLambdaSearchMergesAsComposeDoesAndRefusesWhatComposeRefuses() throws {
        let hub = try Self.twoTaskHub()
        defer { withExtendedLifetime(hub) {} }
        let response = try hub.request("POST", "/lambda-search", token: hub.alice, json: """
            {"model": "all-minilm-l6-v2", "tasks": "sst2,imdb", "seed": 1, "limit": 12, "step": 0.5,
             "method": "dare_ties", "density": 0.4, "merge_seed": 7}
            """)
        #expect(response.status == 201, "\(response.text)")
        let id = try #require(response.object["id"] as? Int)
        #expect(value(response.object, "parameters", "method") as? String == "dare_ties")
        #expect(try hub.events(id).last?.json["status"] as? String == "succeeded")
        let curve = try #require(value(try hub.job(id), "result", "curve") as? [[String: Any]])
        #expect(curve.count == 3)
        // The point at lambda 1 is /evaluate of the same merge; the plain sum scores differently.
        let merged = try hub.request("POST", "/evaluate", json: """
            {"model": "all-minilm-l6-v2", "task": "sst2", "split": "validation", "limit": 12,
             "prompt": {"compose": {"tasks": "sst2,imdb", "lambda": 1, "seed": 1, "method": "dare_ties", "density": 0.4, "merge_seed": 7}}}
            """)
        #expect(value(merged.json, "metrics", "macro_f1") as? Double == value(curve[2], "scores", "sst2") as? Double)

        for (body, says) in [(#""method": "median""#, "sum, mean, ties, dare, dare_ties"),
                             (#""density": 0.5"#, "does not apply to method sum"),
                             (#""method": "ties", "density": 0"#, "'density'")] {
            let refused = try hub.request("POST", "/lambda-search", token: hub.alice, json: """
                {"model": "all-minilm-l6-v2", "tasks": "sst2,imdb", "seed": 1, \(body)}
                """)
            #expect(refused.status == 400 && (refused.object["detail"] as? String)?.contains(says) == true, "\(refused.text)")
        }
    }

    @Test func aJobStartsFromAComposedPromptAndRecordsIt() throws {
        let hub = try Self.twoTaskHub()
        defer { withExtendedLifetime(hub) {} }
        try hub.uploadShared("sst2", split: "train", count: 16)
        let job = try hub.submit("""
            {"model": "all-minilm-l6-v2", "task": "sst2", "seed": 1, "store_as": "sst2-from-imdb",
             "init": {"compose": {"tasks": "imdb", "lambda": 1}}, "max_steps": 2, "batch_size": 8, "validation_limit": 8}
            """)
        let id = try #require(job["id"] as? Int)
        let terms = try #require(value(job, "parameters", "start", "terms") as? [[String: Any]])
        #expect(terms.count == 1 && (terms[0]["label"] as? String)?.hasPrefix("tau(imdb, seed 1") == true)
        #expect(try hub.events(id).last?.json["status"] as? String == "succeeded")
        let vectorID = try #require(try hub.job(id)["vector_id"] as? Int)
        let vector = try hub.request("GET", "/vectors/\(vectorID)").object
        #expect(vector["task"] as? String == "sst2-from-imdb")
        #expect((value(vector, "provenance", "parameters", "start", "terms") as? [Any])?.count == 1)
    }
}
