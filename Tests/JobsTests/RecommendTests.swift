import Foundation
import Tensor
import Testing
import TestSupport

/// `POST /recommend` on the real model: candidates ranked with their evidence, within the request
/// and as a job, against what `/evaluate` and `/similarity` say of the same prompts.
@Suite(.serialized) struct RecommendTests {
    static let model = "all-minilm-l6-v2"

    /// A [20, 384] task prompt vector of small pseudo-random values (drawn from `draw`), uploaded for `seed`.
    static func uploadRandomVector(_ hub: JobsFixture, task: String, draw: UInt64, seed: Int = 1) throws {
        var state = draw
        let scalars = (0..<(20 * 384)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 1000) / 1000 * 0.4
        }
        let response = try hub.request("POST", "/vectors?model=\(model)&task=\(task)&seed=\(seed)", token: hub.alice,
                                       body: Safetensors.encode(["tau": Tensor(shape: [20, 384], scalars: scalars)]))
        guard response.status == 201 else { throw RawHTTPClient.ClientError(description: response.text) }
    }

    /// The ranking's documented order: score, then interval's lower end (both descending), single
    /// vectors before pairs, then names.
    static func isRanked(_ ranking: [[String: Any]]) -> Bool {
        func key(_ entry: [String: Any]) -> (Double, Double, Int, String) {
            (entry["score"] as? Double ?? .nan, (entry["interval"] as? [Double])?.first ?? .nan,
             (entry["tasks"] as? [String])?.count ?? 0, entry["name"] as? String ?? "")
        }
        return zip(ranking, ranking.dropFirst()).allSatisfy { a, b in
            let (x, y) = (key(a), key(b))
            if x.0 != y.0 { return x.0 > y.0 }
            if x.1 != y.1 { return x.1 > y.1 }
            if x.2 != y.2 { return x.2 < y.2 }
            return x.3 < y.3
        }
    }

    func recommend(_ hub: JobsFixture, _ body: String, token: Bool = true) throws -> RawHTTPClient.Response {
        try hub.request("POST", "/recommend", token: token ? hub.alice : nil, json: body)
    }

    @Test func rankingWithBaselinesWithinTheRequestAndAsAJob() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        try hub.uploadShared("sst2", split: "validation", count: 16)
        try Self.uploadRandomVector(hub, task: "mnli", draw: 1)
        try Self.uploadRandomVector(hub, task: "qnli", draw: 2, seed: 2)
        // One source vector trained for real by a tiny job: imdb, 2 steps on 16 examples.
        try hub.uploadShared("imdb", split: "train", count: 16)
        let job = try hub.submit("""
            {"model": "\(Self.model)", "task": "imdb", "seed": 1, "max_steps": 2, "batch_size": 8}
            """)
        #expect(try hub.events(try #require(job["id"] as? Int)).last?.json["status"] as? String == "succeeded")

        let response = try recommend(hub, #"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}, "seed": 1, "pairs": true}"#)
        #expect(response.status == 200, "\(response.text)")
        let answer = response.object
        #expect((answer["ran"] as? String)?.hasPrefix("in the request") == true)
        #expect(answer["metric"] as? String == "macro_f1" && value(answer, "examples", "count") as? Int == 16)
        let ranking = try #require(answer["ranking"] as? [[String: Any]])
        #expect(Set(ranking.compactMap { $0["name"] as? String })
            == ["imdb", "mnli", "qnli", "imdb+mnli", "imdb+qnli", "mnli+qnli"])
        #expect(ranking.map { $0["rank"] as? Int } == Array(1...6))
        #expect(Self.isRanked(ranking), "\(ranking.map { ($0["name"] ?? "", $0["score"] ?? "") })")
        #expect(answer["evaluations"] as? Int == 2 + 6)
        for entry in ranking {
            let interval = try #require(entry["interval"] as? [Double])
            #expect(interval.count == 2 && interval[0] <= interval[1])
            #expect((0...1).contains(entry["beats_random_init"] as? Double ?? -1))
            #expect(entry["cosine"] is NSNull && entry["lambda"] as? Double == 1)
        }
        #expect(value(answer, "similarity", "available") as? Bool == false)

        // The evidence is what /evaluate says of the same prompts on the same examples.
        func evaluated(_ prompt: String) throws -> Double {
            let response = try hub.request("POST", "/evaluate", json: """
                {"model": "all-minilm-l6-v2", "task": "sst2", "split": "validation", "prompt": \(prompt)}
                """)
            return try #require(value(response.json, "metrics", "macro_f1") as? Double, "\(response.text)")
        }
        #expect(try evaluated(#"{"random": true, "seed": 1}"#) == value(answer, "baselines", "random_init", "score") as? Double)
        #expect(try evaluated(#"{"none": true}"#) == value(answer, "baselines", "plain_model", "score") as? Double)
        for task in ["imdb", "qnli"] {
            let entry = try #require(ranking.first { $0["name"] as? String == task })
            #expect(try evaluated(#"{"compose": {"tasks": "\#(task)@\#(task == "qnli" ? 2 : 1)", "lambda": 1, "seed": 1}}"#)
                == entry["score"] as? Double, "\(task)")
        }
        // qnli has no vector of seed 1: its lowest seed is used, and said so.
        let qnli = try #require(ranking.first { $0["name"] as? String == "qnli" })
        #expect(value((qnli["vectors"] as? [Any])?.first, "seed") as? Int == 2)

        // Two of the candidates as a job: 202, followed through its events, their order and scores as above.
        let queued = try recommend(hub, """
            {"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}, "seed": 1,
             "candidates": ["imdb", "mnli"], "job": true}
            """)
        #expect(queued.status == 202, "\(queued.text)")
        let id = try #require(value(queued.json, "job", "id") as? Int)
        #expect(queued.header("Location") == "/jobs/\(id)" && value(queued.json, "follow", "events") as? String == "/jobs/\(id)/events")
        #expect(value(queued.json, "job", "kind") as? String == "recommend")
        let events = try hub.events(id)
        #expect(events.last?.json["status"] as? String == "succeeded", "\(events.last?.data ?? "")")
        for progress in events.filter({ $0.name == "progress" }).map(\.json) {
            #expect(progress["total"] as? Int == 4 && (1...4).contains(progress["step"] as? Int ?? 0))
        }
        let done = try hub.job(id)
        let jobRanking = try #require(value(done, "result", "ranking") as? [[String: Any]])
        let singles = ranking.filter { ["imdb", "mnli"].contains($0["name"] as? String) }
        #expect(jobRanking.map { $0["name"] as? String } == singles.map { $0["name"] as? String })
        #expect(jobRanking.map { $0["score"] as? Double } == singles.map { $0["score"] as? Double })
        #expect(jobRanking.map { $0["interval"] as? [Double] } == singles.map { $0["interval"] as? [Double] })
        #expect(value(done, "metrics", "best", "name") as? String == singles[0]["name"] as? String)
        #expect(value(done, "metrics", "random_init", "macro_f1") as? Double == value(answer, "baselines", "random_init", "score") as? Double)
    }

    @Test func inlineExamplesWithALambdaSearchAndTheTargetsOwnVector() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        for (task, draw) in [("mnli", 3 as UInt64), ("qnli", 4), ("movies", 5)] { try Self.uploadRandomVector(hub, task: task, draw: draw) }
        let lines = try String(contentsOfFile: "\(sharedDirectory)/data/sst2/validation.jsonl", encoding: .utf8)
            .split(separator: "\n").prefix(5).joined(separator: "\n")
        // As few as 5 examples: the folds default to 5, one example each.
        let body = """
            {"model": "all-minilm-l6-v2", "task": "movies", "examples": \(jsonString(lines)), "candidates": ["mnli", "qnli"],
             "search": true, "seed": 1}
            """
        let response = try recommend(hub, body)
        #expect(response.status == 200, "\(response.text)")
        let answer = response.object
        #expect(value(answer, "examples", "source") as? String == "inline" && value(answer, "examples", "count") as? Int == 5)
        #expect(value(answer, "scoring", "folds") as? Int == 5 && value(answer, "scoring", "lambda") as? String == "searched")
        let ranking = try #require(answer["ranking"] as? [[String: Any]])
        #expect(ranking.count == 2 && Self.isRanked(ranking))
        #expect(answer["evaluations"] as? Int == 2 + 2 * 4)
        for entry in ranking {
            #expect([0.25, 0.5, 0.75, 1].contains(entry["lambda"] as? Double ?? -1))
            #expect((entry["lambda_per_fold"] as? [Double])?.count == 5 && (entry["grid"] as? [Any])?.count == 4)
            // The in-sample score is the grid's best.
            let grid = (entry["grid"] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double }
            #expect(entry["in_sample_score"] as? Double == grid.max())
        }
        // Cosine with the target's own vector: what /similarity says of the pair of tasks.
        #expect(value(answer, "similarity", "available") as? Bool == true)
        let similarity = try hub.request("GET", "/similarity?model=all-minilm-l6-v2&tasks=movies,mnli,qnli").object
        let matrix = try #require(similarity["matrix"] as? [[Double]])
        for (index, task) in ["mnli", "qnli"].enumerated() {
            let cosine = try #require(ranking.first { $0["name"] as? String == task }?["cosine"] as? Double)
            #expect(abs(cosine - matrix[0][index + 1]) < 1e-5, "\(task)")
        }
        // Deterministic: the same request, the same answer (but for the time it took).
        var again = try recommend(hub, body).object
        var first = answer
        for key in ["seconds", "ran"] { again[key] = nil; first[key] = nil }
        #expect(NSDictionary(dictionary: again) == NSDictionary(dictionary: first))
    }

    @Test func badRecommendationsAreRefusedByName() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        try hub.uploadShared("sst2", split: "validation", count: 8)
        try Self.uploadRandomVector(hub, task: "mnli", draw: 1)
        let fine = #"{"text": "a fine film", "label": "positive"}"# + "\n" + #"{"text": "dull", "label": "negative"}"#
        func inline(_ lines: String...) -> String {
            #"{"model": "all-minilm-l6-v2", "task": "fresh", "examples": "# + jsonString(lines.joined(separator: "\n")) + "}"
        }
        let cases: [(String, Int, String)] = [
            (#"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}, "candidates": ["nope"]}"#,
             404, "no vector for candidate task 'nope'"),
            (#"{"model": "all-minilm-l6-v2", "task": "unknown", "examples": {"dataset": "train"}}"#, 404, "'unknown' has no datasets"),
            (#"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "train"}}"#, 404, "no train split"),
            (inline(fine, fine), 400, "at least 5 examples"),
            (inline(fine, #"{"text": "x"}"#, fine), 400, "line 3: \"label\" is missing"),
            (#"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation", "shots": 50}}"#, 400, "'shots' is 50"),
            (#"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}, "folds": 3}"#, 400, "'folds' applies only with"),
            (#"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}, "search": true, "lambda": 1}"#, 400, "not both"),
            (#"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}, "search": true, "folds": 9}"#, 400, "use at most 8 folds"),
            (#"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}, "pair": true}"#, 400, "member 'pair'"),
            (#"{"model": "all-minilm-l6-v2", "task": "sst2"}"#, 400, "needs 'examples'"),
            (#"{"model": "nope", "task": "sst2", "examples": {"dataset": "validation"}}"#, 400, "model 'nope'"),
        ]
        for (body, status, says) in cases {
            let response = try recommend(hub, body)
            #expect(response.status == status, "\(body): \(response.text)")
            #expect((response.object["detail"] as? String)?.contains(says) == true, "\(body): \(response.text)")
        }
        let badLine = try recommend(hub, inline(fine, #"{"text": "x"}"#))
        #expect(badLine.object["line"] as? Int == 3)
        #expect(try recommend(hub, #"{"model": "all-minilm-l6-v2", "task": "sst2", "examples": {"dataset": "validation"}}"#,
                              token: false).status == 401)
    }
}

/// `text` as a JSON string literal.
private func jsonString(_ text: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
        .dropFirst().dropLast().description
}
