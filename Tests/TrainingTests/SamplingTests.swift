import Foundation
import Model
import Tensor
import TestSupport
import Testing
@testable import Training

@Suite("Seeded draws: index, sample, initial prompt, few-shot")
struct SamplingTests {
    @Test("index(below:) and sample(_:count:) are the documented procedure (checked in python)")
    func drawsMatchPython() throws {
        struct Draw: Codable { let seed: UInt64; let n: Int; let k: Int }
        let draws = [Draw(seed: 0, n: 10, k: 10), Draw(seed: 1, n: 5000, k: 20), Draw(seed: 1 << 63 | 12345, n: 7, k: 3),
                     Draw(seed: 42, n: 3, k: 1)]
        let expected: [[Int]] = try Fixtures.python(Fixtures.pythonSampling + """
        print(json.dumps([SplitMix(d["seed"]).sample(range(d["n"]), d["k"]) for d in inp]))
        """, input: draws)
        for (draw, reference) in zip(draws, expected) {
            var generator = SeededGenerator(seed: draw.seed)
            #expect(generator.sample(Array(0..<draw.n), count: draw.k) == reference, "seed \(draw.seed)")
        }
        #expect(expected.count == draws.count)
    }

    @Test("initial prompt: first 5,000 non-bracketed ids, seeded draw, rows of the word-embedding matrix (python reads the safetensors)")
    func initialPromptMatchesPython() throws {
        let bert = try Fixtures.bert()
        let candidates = PromptInitialization.candidateTokenIds(bert.tokenizer)
        #expect(candidates.count == 5000)
        #expect(candidates.first == 999 && candidates.last == 5998, "uncased BERT: after [unused993] at 998")
        #expect(!candidates.contains { bert.tokenizer.token(for: $0)!.hasPrefix("[unused") })

        struct Input: Codable { let seeds: [UInt64]; let promptLength: Int; let directory: String }
        struct Output: Codable { let ids: [[Int]]; let rows: [[Float]] }
        let seeds: [UInt64] = [0, 1, 20240521]
        let reference: Output = try Fixtures.python(Fixtures.pythonSampling + """
        vocab = open(inp["directory"] + "/vocab.txt", encoding="utf-8").read().split("\\n")
        candidates = [i for i, t in enumerate(vocab) if not (len(t) > 2 and t.startswith("[") and t.endswith("]"))][:5000]
        ids = [SplitMix(s).sample(candidates, inp["promptLength"]) for s in inp["seeds"]]
        raw = open(inp["directory"] + "/model.safetensors", "rb").read()
        size = int.from_bytes(raw[:8], "little")
        entry = json.loads(raw[8:8 + size])["embeddings.word_embeddings.weight"]
        start, end = entry["data_offsets"]
        table = np.frombuffer(raw[8 + size + start:8 + size + end], dtype="<f4").reshape(entry["shape"])
        print(json.dumps({"ids": ids, "rows": [table[i].astype(float).ravel().tolist() for i in ids]}))
        """, input: Input(seeds: seeds, promptLength: 20, directory: bert.directory))
        for (index, seed) in seeds.enumerated() {
            let (prompt, ids) = try PromptInitialization.prompt(for: bert, promptLength: 20, seed: seed)
            #expect(ids == reference.ids[index], "seed \(seed)")
            #expect(prompt.shape == [20, bert.config.hiddenSize])
            #expect(prompt.scalars == reference.rows[index], "rows are copied bit for bit")
        }
        // Same seed -> same bits; a shorter prompt is a prefix; another seed differs.
        let again = try PromptInitialization.prompt(for: bert, promptLength: 20, seed: 1)
        let short = try PromptInitialization.prompt(for: bert, promptLength: 5, seed: 1)
        #expect(again.tokenIds == reference.ids[1])
        #expect(short.tokenIds == Array(reference.ids[1].prefix(5)))
        #expect(reference.ids[0] != reference.ids[1])
        #expect(throws: TrainingError.self) { try PromptInitialization.prompt(for: bert, promptLength: 5001, seed: 0) }
    }

    @Test("few-shot sample keeps sst2's class proportions (largest remainder), fixed by the seed")
    func stratifiedProportions() throws {
        let train = try Fixtures.sst2Split("train")
        #expect(train.filter { $0.label == 0 }.count == 885 && train.count == 2000)
        // 100 * 885 / 2000 = 44.25, 100 * 1115 / 2000 = 55.75: floors 44 + 55, the one left goes to remainder .75.
        let sample = try FewShotSampler.sample(train, count: 100, task: Fixtures.sst2, seed: 3)
        #expect(sample.filter { $0.label == 0 }.count == 44)
        #expect(sample.filter { $0.label == 1 }.count == 56)
        #expect(Set(sample).count == 100, "without replacement")
        let indices = try FewShotSampler.sampleIndices(train, count: 100, task: Fixtures.sst2, seed: 3)
        #expect(indices == indices.sorted() && indices.map { train[$0] } == sample)
        #expect(try FewShotSampler.sampleIndices(train, count: 100, task: Fixtures.sst2, seed: 3) == indices)
        #expect(try FewShotSampler.sampleIndices(train, count: 100, task: Fixtures.sst2, seed: 4) != indices)
        let all = try FewShotSampler.sample(train, count: 2000, task: Fixtures.sst2, seed: 3)
        #expect(all == train)
    }

    @Test("largest-remainder allocation, with at least one per class when k allows")
    func allocation() throws {
        #expect(FewShotSampler.allocate(100, sizes: [885, 1115]) == [44, 56])
        // 4.5, 0.45, 0.05 -> 5, 0, 0; then classes 1 and 2 each take one from class 0.
        #expect(FewShotSampler.allocate(5, sizes: [90, 9, 1]) == [3, 1, 1])
        // k below the number of classes: proportional only.
        #expect(FewShotSampler.allocate(2, sizes: [90, 9, 1]) == [2, 0, 0])
        // Equal remainders go to the lower index; an empty class gets nothing.
        #expect(FewShotSampler.allocate(3, sizes: [2, 2, 0, 2, 2]) == [1, 1, 0, 1, 0])
        #expect(FewShotSampler.allocate(7, sizes: [7, 0]) == [7, 0])

        let task = try TaskSpec.classification(labels: ["a", "b", "c"])
        let skewed = (0..<100).map { TrainingExample(text: "t\($0)", label: $0 < 90 ? 0 : $0 < 99 ? 1 : 2) }
        let sample = try FewShotSampler.sample(skewed, count: 5, task: task, seed: 0)
        #expect([0, 1, 2].map { c in sample.filter { $0.label == c }.count } == [3, 1, 1])
    }

    @Test("asking for more examples than the dataset holds names its size")
    func tooMany() throws {
        let examples = (0..<10).map { TrainingExample(text: "t\($0)", label: $0 % 2) }
        do {
            _ = try FewShotSampler.sample(examples, count: 11, task: Fixtures.sst2, seed: 0)
            Issue.record("expected an error")
        } catch let error as TrainingError {
            #expect(error.message.contains("dataset of 10"), "\(error.message)")
        }
        #expect(throws: TrainingError.self) {
            try FewShotSampler.sample([TrainingExample(text: "x", label: 5)], count: 1, task: Fixtures.sst2, seed: 0)
        }
    }

    @Test("label words: underscores become spaces, other characters stay")
    func labelWords() throws {
        #expect(TaskSpec.labelWord("not_entailment") == "not entailment")
        #expect(TaskSpec.labelWord("sci/tech") == "sci/tech")
        #expect(TaskSpec.labelWord("very  negative") == "very negative")
        #expect(try TaskSpec.classification(labels: ["entailment", "not_entailment"]).labelWords
                == ["entailment", "not entailment"])
        #expect(try TaskSpec.regression(range: 0...5).labelWords == ["different", "similar"])
        #expect(throws: TrainingError.self) { try TaskSpec.classification(labels: ["a", "a"]) }
        #expect(throws: TrainingError.self) { try TaskSpec.classification(labels: ["only"]) }
        #expect(throws: TrainingError.self) { try TaskSpec.regression(range: 5...5) }
    }
}
