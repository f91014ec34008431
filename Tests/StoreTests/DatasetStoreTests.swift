import Datasets
import Foundation
import Testing
@testable import Store

@Suite struct DatasetStoreTests {
    static let sentiment = TaskSchema(kind: .classification, input: .single, labels: ["negative", "positive"])

    /// A validated upload of `text` (the store trusts the summary; the reader made it).
    func upload(_ task: String = "sst2", _ split: DatasetSplit = .train, text: String,
                labels: [String]? = sentiment.labels) throws -> DatasetUpload {
        let bytes = Array(text.utf8)
        let summary = try DatasetReader.validate(bytes, constraints: DatasetConstraints(labels: labels))
        return DatasetUpload(task: task, split: split, summary: summary, jsonl: bytes)
    }

    let train = "{\"text\": \"good\", \"label\": \"positive\"}\n{\"text\": \"bad\", \"label\": \"negative\"}\n{\"text\": \"fine\", \"label\": \"positive\"}\n"
    let validation = "{\"text\": \"great\", \"label\": \"positive\"}\n"

    @Test func insertCreatesTheTaskAndStoresTheFile() throws {
        try withStore { store in
            let record = try store.datasets.insert(try upload(text: train), owner: "alice")
            #expect(record.task == "sst2" && record.split == .train && record.owner == "alice")
            #expect(record.schema == Self.sentiment)
            #expect(record.exampleCount == 3 && record.sizeBytes == train.utf8.count)
            #expect(record.statistics == .labelCounts([1, 2]))
            #expect(record.sha256 == SHA256.hex(Array(train.utf8)))
            #expect(try store.blobs.read(record.sha256, verify: true) == Array(train.utf8))
            #expect(try store.datasets.get(task: "sst2", split: .train) == record)

            let second = try store.datasets.insert(try upload("sst2", .validation, text: validation), owner: "bob")
            let task = try #require(try store.datasets.task("sst2"))
            #expect(task.schema == Self.sentiment)
            #expect(task.splits == [record, second])
            #expect(try store.datasets.tasks().map(\.name) == ["sst2"])
            #expect(try store.datasets.task("nope") == nil)
        }
    }

    @Test func regressionStatisticsRoundTrip() throws {
        try withStore { store in
            let text = "{\"text\": \"a\", \"text_pair\": \"b\", \"score\": 4.5}\n{\"text\": \"c\", \"text_pair\": \"d\", \"score\": 0.25}\n"
            let record = try store.datasets.insert(try upload("stsb", .test, text: text, labels: nil), owner: "alice")
            #expect(record.schema == TaskSchema(kind: .regression, input: .pair, labels: []))
            #expect(record.statistics == .scores(ScoreSummary(count: 2, min: 0.25, max: 4.5, mean: 2.375)))
            #expect(try store.datasets.get(task: "stsb", split: .test) == record)
        }
    }

    @Test func aTakenSplitOrAnotherSchemaIsRefused() throws {
        try withStore { store in
            let first = try store.datasets.insert(try upload(text: train), owner: "alice")
            #expect(throws: StoreError.datasetExists(task: "sst2", split: "train")) {
                try store.datasets.insert(try upload(text: validation), owner: "bob")
            }
            // Validated as if the task were new, with another label order: the caller must check again.
            var reordered = try upload("sst2", .validation, text: validation)
            reordered.summary = DatasetSummary(schema: TaskSchema(kind: .classification, input: .single, labels: ["positive", "negative"]),
                                               exampleCount: 1, statistics: .labelCounts([1, 0]))
            #expect(throws: StoreError.taskSchemaChanged(task: "sst2")) { try store.datasets.insert(reordered, owner: "bob") }
            #expect(try store.datasets.task("sst2")?.splits == [first])
            // Nothing the refused uploads staged is left behind.
            #expect(try store.blobs.allDigests() == [first.sha256])
            #expect(try FileIO.entries(of: store.blobs.temporaryDirectory).isEmpty)
        }
    }

    @Test func replaceKeepsOwnerAndCreationAndReleasesTheOldFile() throws {
        try withStore { store in
            let old = try store.datasets.insert(try upload(text: train), owner: "alice")
            let new = try store.datasets.replace(with: try upload(text: validation))
            #expect(new.id == old.id && new.owner == "alice" && new.createdAt == old.createdAt)
            #expect(new.exampleCount == 1 && new.statistics == .labelCounts([0, 1]))
            #expect(try !store.blobs.contains(old.sha256))
            #expect(try store.blobs.read(new.sha256) == Array(validation.utf8))
            #expect(throws: StoreError.datasetNotFound(task: "sst2", split: "test")) {
                try store.datasets.replace(with: try upload("sst2", .test, text: validation))
            }
        }
    }

    @Test func deletingTheLastSplitDeletesTheTaskAndSharedFilesStay() throws {
        try withStore { store in
            // The same bytes as two tasks' train splits: one file.
            let a = try store.datasets.insert(try upload("a", .train, text: train), owner: "alice")
            let b = try store.datasets.insert(try upload("b", .train, text: train), owner: "alice")
            _ = try store.datasets.insert(try upload("a", .test, text: validation), owner: "alice")
            #expect(a.sha256 == b.sha256)
            try store.datasets.delete(task: "a", split: .train)
            #expect(try store.blobs.contains(a.sha256))
            #expect(try store.datasets.task("a")?.splits.map(\.split) == [.test])
            try store.datasets.delete(task: "a", split: .test)
            #expect(try store.datasets.task("a") == nil)
            #expect(try store.database.read { try $0.scalar("SELECT COUNT(*) FROM tasks WHERE name = 'a'", as: Int.self) } == 0)
            try store.datasets.delete(task: "b", split: .train)
            #expect(try store.blobs.allDigests().isEmpty)
            #expect(throws: StoreError.datasetNotFound(task: "b", split: "train")) { try store.datasets.delete(task: "b", split: .train) }
            // With no datasets left, the task may be defined anew.
            let redefined = try store.datasets.insert(try upload("a", .train, text: "{\"text\": \"x\", \"score\": 1}\n", labels: nil), owner: "bob")
            #expect(redefined.schema.kind == .regression)
        }
    }

    @Test func datasetFilesSurviveTheOrphanSweepOfAReopen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var store = try openStore(directory)
        let record = try store.datasets.insert(try upload(text: train), owner: "alice")
        let orphan = try store.blobs.put(Array("nobody's".utf8))
        store.close()
        store = try openStore(directory)
        defer { store.close() }
        #expect(store.openReport.removedOrphanBlobs == [orphan.sha256])
        #expect(store.openReport.missingBlobs.isEmpty)
        #expect(try store.blobs.read(record.sha256, verify: true) == Array(train.utf8))
        #expect(try store.datasets.get(task: "sst2", split: .train) == record)
    }
}
