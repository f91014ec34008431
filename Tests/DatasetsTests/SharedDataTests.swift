import Foundation
import Testing
import Datasets
import TestSupport

/// Every dataset in the shared benchmark data (15 tasks x 3 splits) validates as it is, with the
/// counts its README states and the labels tasks.json lists.
@Suite struct SharedDataTests {
    static let dataDirectory = sharedDirectory + "/data"

    struct TaskInfo {
        let name: String
        let kind: DatasetKind
        let input: InputForm
        let labels: [String]
        let scoreRange: ClosedRange<Double>?
    }

    static func tasks() throws -> [TaskInfo] {
        let data = try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/tasks.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try entries.map { entry in
            let range = entry["score_range"] as? [Double]
            return TaskInfo(name: try #require(entry["name"] as? String),
                            kind: try #require(DatasetKind(rawValue: entry["type"] as? String ?? "")),
                            input: try #require(InputForm(rawValue: entry["input"] as? String ?? "")),
                            labels: try #require(entry["labels"] as? [String]),
                            scoreRange: range.map { $0[0]...$0[1] })
        }
    }

    /// The README's lines "- train.jsonl: 2000 — negative: 885, positive: 1115", per task and split:
    /// the total and the count per label (per score bin for regression).
    static func statedCounts() throws -> [String: [String: (total: Int, parts: [String: Int])]] {
        let readme = try String(contentsOfFile: dataDirectory + "/README.md", encoding: .utf8)
        var counts: [String: [String: (total: Int, parts: [String: Int])]] = [:]
        var task = ""
        for line in readme.split(separator: "\n") {
            if line.hasPrefix("## ") { task = String(line.dropFirst(3)) }
            guard line.hasPrefix("- "), let colon = line.range(of: ".jsonl: "), let dash = line.range(of: " — ") else { continue }
            let split = String(line[line.index(line.startIndex, offsetBy: 2)..<colon.lowerBound])
            var parts: [String: Int] = [:]
            for part in line[dash.upperBound...].components(separatedBy: ", ") {
                let pieces = part.components(separatedBy: ": ")
                parts[pieces[0]] = Int(pieces[1])
            }
            counts[task, default: [:]][split] = (Int(line[colon.upperBound..<dash.lowerBound])!, parts)
        }
        return counts
    }

    @Test func everySplitValidatesWithTheStatedCountsAndLabels() throws {
        let tasks = try Self.tasks()
        let stated = try Self.statedCounts()
        #expect(tasks.count == 15)
        var checked = 0
        for task in tasks {
            // The hub's way: the train split defines the task (here with tasks.json's label order,
            // given as labels=), validation and test are checked against it.
            let given = DatasetConstraints(labels: task.kind == .classification ? task.labels : nil)
            var schema: TaskSchema?
            for split in DatasetSplit.allCases {
                let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(Self.dataDirectory)/\(task.name)/\(split.rawValue).jsonl")))
                let summary = try DatasetReader.validate(bytes, constraints: schema.map(DatasetConstraints.init(schema:)) ?? given)
                schema = summary.schema
                let expected = try #require(stated[task.name]?[split.rawValue], "\(task.name) \(split)")
                #expect(summary.exampleCount == expected.total, "\(task.name) \(split)")
                #expect(summary.schema == TaskSchema(kind: task.kind, input: task.input, labels: task.labels), "\(task.name)")
                switch summary.statistics {
                case .labelCounts(let counts):
                    #expect(Dictionary(uniqueKeysWithValues: zip(task.labels, counts)) == expected.parts, "\(task.name) \(split)")
                case .scores(let scores):
                    let range = try #require(task.scoreRange)
                    #expect(scores.count == expected.total && range.contains(scores.min) && range.contains(scores.max),
                            "\(task.name) \(split): \(scores)")
                }
                checked += 1
            }
        }
        #expect(checked == 45)
    }

    /// Without labels=, the train split's first appearances define the class indices, which is
    /// not tasks.json's order for most tasks (sst2's train split starts with a positive example).
    @Test func firstAppearanceOrderOfTheTrainSplits() throws {
        var differing: [String] = []
        for task in try Self.tasks() where task.kind == .classification {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(Self.dataDirectory)/\(task.name)/train.jsonl")))
            let (summary, examples) = try DatasetReader.examples(bytes)
            #expect(Set(summary.schema.labels) == Set(task.labels), "\(task.name)")
            if summary.schema.labels != task.labels { differing.append(task.name) }
            // The first example is class 0 by construction.
            #expect(examples.first?.target == .label(0))
        }
        #expect(differing.contains("sst2") && differing.contains("mnli"), "\(differing)")
        #expect(!differing.contains("imdb") && !differing.contains("cola"), "\(differing)")
    }

    /// How long validating one 2000-line train file takes (release build), printed for the record.
    @Test func validationTimeOfTheTrainFiles() throws {
        var lines: [String] = []
        for task in try Self.tasks() {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(Self.dataDirectory)/\(task.name)/train.jsonl")))
            let clock = ContinuousClock()
            var best = Duration.seconds(1000)
            for _ in 0..<5 {
                let elapsed = try clock.measure { _ = try DatasetReader.validate(bytes) }
                best = min(best, elapsed)
            }
            let milliseconds = Double(best.components.attoseconds) / 1e15 + Double(best.components.seconds) * 1000
            lines.append("\(task.name): \(bytes.count) bytes in \(String(format: "%.2f", milliseconds)) ms")
            #expect(milliseconds < 1000, "\(task.name)")
        }
        print("validation of train.jsonl (best of 5):\n  " + lines.joined(separator: "\n  "))
    }
}
