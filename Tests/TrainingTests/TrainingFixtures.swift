import Foundation
import Model
import TestSupport
import Testing
import Training

/// The installed all-MiniLM-L6-v2 (loaded once), the shared sst2/stsb splits, and
/// python3 as the independent reference.
enum Fixtures {
    static let model: Result<BertModel, Error> = Result {
        let directory = ProcessInfo.processInfo.environment[BertModel.directoryEnvironmentVariable]
            ?? URL(fileURLWithPath: repositoryRoot).appendingPathComponent(BertModel.defaultDirectory).path
        return try BertModel(directory: directory)
    }

    static func bert(sourceLocation: SourceLocation = #_sourceLocation) throws -> BertModel {
        do {
            return try model.get()
        } catch {
            Issue.record("no model: \(error); run scripts/install-model.sh", sourceLocation: sourceLocation)
            throw error
        }
    }

    static let sst2 = try! TaskSpec.classification(labels: ["negative", "positive"])

    /// Rows of ../shared/data/TASK/SPLIT.jsonl; `label` names become indices into `labels`.
    static func split(_ task: String, _ split: String, labels: [String] = []) throws -> [TrainingExample] {
        let path = "\(sharedDirectory)/data/\(task)/\(split).jsonl"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return TrainingExample(text: try #require(row["text"] as? String), textPair: row["text_pair"] as? String,
                                   label: (row["label"] as? String).flatMap { labels.firstIndex(of: $0) },
                                   score: (row["score"] as? NSNumber)?.doubleValue)
        }
    }

    static func sst2Split(_ name: String) throws -> [TrainingExample] {
        try split("sst2", name, labels: ["negative", "positive"])
    }

    /// Runs `script` under python3 with the JSON of `input` as `inp` and returns what
    /// the script printed as JSON (`print(json.dumps(out))`).
    static func python<Input: Encodable, Output: Decodable>(_ script: String, input: Input,
                                                            as: Output.Type = Output.self) throws -> Output {
        let program = "import json, sys\nimport numpy as np\ninp = json.load(sys.stdin)\n" + script
        let result = try runProcess("python3", ["-c", program], input: try JSONEncoder().encode(input))
        try #require(result.status == 0, "python3 failed: \(result.stderr)")
        return try JSONDecoder().decode(Output.self, from: result.stdout)
    }

    /// SplitMix64, the rejection-sampled index and the forward Fisher-Yates sample, as
    /// `SeededGenerator` documents them (for the python side of the checks).
    static let pythonSampling = """
    M = 2**64 - 1
    class SplitMix:
        def __init__(self, seed): self.s = seed
        def next(self):
            self.s = (self.s + 0x9E3779B97F4A7C15) & M
            z = self.s
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
            return z ^ (z >> 31)
        def index(self, n):
            threshold = (2**64 - n) % n
            while True:
                x = self.next()
                if x >= threshold: return x % n
        def sample(self, elements, k):
            pool = list(elements)
            for i in range(k):
                j = i + self.index(len(pool) - i)
                pool[i], pool[j] = pool[j], pool[i]
            return pool[:k]

    """
}
