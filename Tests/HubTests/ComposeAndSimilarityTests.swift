import Foundation
import Testing
import Tensor
import TestSupport

/// Composition and similarity checked against NumPy computing the paper's formulas.
@Suite struct ComposeAndSimilarityTests {
    /// Two seeds of inits and of mnli, qnli, sst2 vectors, 5 x 6.
    func populated() throws -> (HubFixture, inits: [Int: Tensor], taus: [String: [Int: Tensor]]) {
        let hub = try HubFixture()
        var inits: [Int: Tensor] = [:], taus: [String: [Int: Tensor]] = [:]
        for seed in [1, 2] {
            inits[seed] = randomTensor(5, 6, seed: UInt64(100 + seed))
            #expect(try hub.uploadInit(seed: seed, tensor: inits[seed]!).status == 201)
            for (k, task) in ["mnli", "qnli", "sst2"].enumerated() {
                let tau = randomTensor(5, 6, seed: UInt64(seed * 10 + k))
                taus[task, default: [:]][seed] = tau
                #expect(try hub.upload(task: task, seed: seed, tensors: ["tau": tau]).status == 201)
            }
        }
        return (hub, inits, taus)
    }

    func composed(_ hub: HubFixture, _ query: String) throws -> Tensor {
        let response = try hub.request("GET", "/compose?\(query)&format=npy")
        #expect(response.status == 200, "\(query): \(response.text)")
        return try Npy.decode(response.body)
    }

    @Test func composeMatchesNumPy() throws {
        let (hub, inits, taus) = try populated()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let inputs = ["init1": inits[1]!, "init2": inits[2]!, "mnli1": taus["mnli"]![1]!, "qnli1": taus["qnli"]![1]!,
                      "qnli2": taus["qnli"]![2]!, "mnli2": taus["mnli"]![2]!, "sst21": taus["sst2"]![1]!]
        let cases: [(String, String)] = [
            ("model=t5-base&tasks=mnli,qnli&lambda=0.5&seed=1", "out = init1 + 0.5 * (mnli1 + qnli1)"),
            ("tasks=mnli,qnli&lambda=0.5", "out = init1 + 0.5 * (mnli1 + qnli1)"),  // model and seed inferred
            ("tasks=mnli:0.7,qnli:0.3&lambda=1&seed=2", "out = init2 + (0.7 * mnli2 + 0.3 * qnli2)"),
            ("tasks=mnli,-sst2&lambda=0.25&seed=1", "out = init1 + 0.25 * (mnli1 - sst21)"),
            ("tasks=mnli,qnli@2&seed=1&lambda=2", "out = init1 + 2 * (mnli1 + qnli2)"),
            ("tasks=mnli,qnli&lambda=0.5&seed=1&init=none", "out = 0.5 * (mnli1 + qnli1)"),
            ("tasks=mnli&seed=2", "out = init2 + mnli2"),
        ]
        for (query, script) in cases {
            let expected = try numpy(script, inputs: inputs)
            #expect(maxAbsDifference(try composed(hub, query), expected) < 1e-5, "\(query)")
        }
        let safetensors = try hub.request("GET", "/compose?tasks=mnli,qnli&lambda=0.5")
        #expect(safetensors.header("Content-Type") == TensorFormat.safetensors.mediaType)
        let file = try Safetensors.decode(safetensors.body)
        #expect(file.tensors.keys.sorted() == ["prompt_embeddings"])
        #expect(file.metadata["seed"] == "1")
        #expect(safetensors.header("X-TPV-Formula")?.contains("init(seed 1)") == true)
    }

    @Test func composeErrorsNameTheOptions() throws {
        let (hub, _, _) = try populated()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        try hub.upload(model: "other", task: "mnli", seed: 1, tensors: ["tau": randomTensor(5, 6, seed: 9)])
        try hub.upload(model: "other", task: "qnli", seed: 1, tensors: ["tau": randomTensor(5, 6, seed: 9)])
        let ambiguous = try hub.request("GET", "/compose?tasks=mnli,qnli")
        #expect(ambiguous.status == 400)
        #expect(ambiguous.object["models"] as? [String] == ["other", "t5-base"])
        let noInit = try hub.request("GET", "/compose?model=other&tasks=mnli,qnli")
        #expect(noInit.status == 400)
        #expect((noInit.object["detail"] as? String)?.contains("inits: none") == true)
        #expect(try hub.request("GET", "/compose?model=other&tasks=mnli,qnli&init=none").status == 200)
        let missingSeed = try hub.request("GET", "/compose?model=t5-base&tasks=mnli&seed=9")
        #expect(missingSeed.status == 404)
        #expect((missingSeed.object["detail"] as? String)?.contains("1, 2") == true)
        #expect(try hub.request("GET", "/compose?tasks=nope").status == 404)
        #expect(try hub.request("GET", "/compose?tasks=mnli&lambda=abc").status == 400)
        #expect(try hub.request("GET", "/compose?tasks=mnli,,qnli").status == 400)
        #expect(try hub.request("GET", "/compose?tasks=mnli&model=t5-base&lamda=1").status == 400)
        #expect(try hub.request("GET", "/compose").status == 400)
    }

    @Test func similarityMatchesNumPy() throws {
        let (hub, inits, taus) = try populated()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let tasks = ["mnli", "qnli", "sst2"]
        for of in ["vectors", "prompts"] {
            let response = try hub.request("GET", "/similarity?model=t5-base&tasks=mnli,qnli,sst2&of=\(of)")
            #expect(response.status == 200, "\(response.text)")
            let matrix = try #require(response.object["matrix"] as? [[Double]])
            var inputs: [String: Tensor] = [:]
            for task in tasks {
                for seed in [1, 2] {
                    inputs["\(task)\(seed)"] = of == "vectors" ? taus[task]![seed]!
                        : Tensor(shape: [5, 6], scalars: zip(inits[seed]!.scalars, taus[task]![seed]!.scalars).map(+))
                }
            }
            let script = """
            tasks = ['mnli', 'qnli', 'sst2']
            pooled = {t: [globals()[t + str(s)].mean(axis=0) for s in (1, 2)] for t in tasks}
            cos = lambda a, b: float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
            out = [[np.mean([cos(x, y) for x in pooled[a] for y in pooled[b]]) for b in tasks] for a in tasks]
            """
            let expected = try numpy(script, inputs: inputs)
            for i in 0..<3 { for j in 0..<3 { #expect(abs(matrix[i][j] - Double(expected.scalars[i * 3 + j])) < 1e-5) } }
            let pairs = try #require(response.object["pairs"] as? [[String: Any]])
            #expect(pairs.count == 3 * 4 + 3 * 4)  // 6 task pairs (i <= j), 4 seed pairs each
        }
        let csv = try hub.request("GET", "/similarity?tasks=mnli,qnli&format=csv")
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        #expect(csv.text.hasPrefix("task,mnli,qnli\nmnli,"))
        #expect(try hub.request("GET", "/similarity?tasks=mnli,zzz").status == 404)
        #expect(try hub.request("GET", "/similarity?of=weights").status == 400)
    }
}
