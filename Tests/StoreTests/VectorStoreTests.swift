import Foundation
import Testing
@testable import Store

@Suite struct VectorStoreTests {
    @Test func insertStoresRowAndBlobs() throws {
        try withStore { store in
            var vector = upload(seed: 7)
            vector.tuned = tensorBytes(100)
            vector.metadata = VectorMetadata(description: "MNLI, 100 tokens", numVirtualTokens: 100,
                                             metrics: #"{"accuracy":0.81}"#, source: "run 12",
                                             provenance: #"{"kind":"upload"}"#)
            let record = try store.vectors.insert(vector, owner: "alice")
            #expect(record.model == "t5-base" && record.task == "mnli" && record.seed == 7)
            #expect(record.shape == [4, 16])
            #expect(record.sha256 == SHA256.hex(tensorBytes(7)))
            #expect(record.tunedSHA256 == SHA256.hex(tensorBytes(100)))
            #expect(record.initID == nil)
            #expect(record.owner == "alice")
            #expect(record.metadata == vector.metadata)
            #expect(record.createdAt == record.updatedAt && record.createdAt.hasSuffix("Z"))
            #expect(try store.blobs.read(record.sha256, verify: true) == tensorBytes(7))
            #expect(try store.blobs.read(record.tunedSHA256!, verify: true) == tensorBytes(100))
            #expect(try store.vectors.get(id: record.id) == record)
            #expect(try store.vectors.find(model: "t5-base", task: "mnli", seed: 7) == record)
            #expect(try store.vectors.get(id: record.id + 1) == nil)
        }
    }

    @Test func awkwardNamesRoundTrip() throws {
        try withStore { store in
            for (index, name) in DatabaseTests.awkwardNames.enumerated() {
                let record = try store.vectors.insert(upload(model: name, task: name + "/task", seed: index), owner: name)
                let found = try #require(try store.vectors.find(model: name, task: name + "/task", seed: index))
                #expect(found == record)
                #expect(found.model == name && found.owner == name)
                #expect(try store.vectors.list(VectorFilter(model: name)).items == [record])
            }
            #expect(try store.vectors.list().total == DatabaseTests.awkwardNames.count)
            // The injection attempt was data, not SQL: the table is still there.
            #expect(try store.database.read { try $0.scalar("SELECT COUNT(*) FROM vectors", as: Int.self) }
                    == DatabaseTests.awkwardNames.count)
        }
    }

    @Test func duplicateKeyIsAConflictCarryingTheExistingID() throws {
        try withStore { store in
            let first = try store.vectors.insert(upload(seed: 1), owner: "alice")
            #expect(throws: StoreError.vectorExists(id: first.id, model: "t5-base", task: "mnli", seed: 1)) {
                try store.vectors.insert(upload(seed: 1, tauSeed: 99), owner: "bob")
            }
            // The refused upload left no blob behind and changed nothing.
            #expect(try !store.blobs.contains(SHA256.hex(tensorBytes(99))))
            #expect(try store.vectors.get(id: first.id) == first)
            #expect(try FileIO.entries(of: store.blobs.temporaryDirectory).isEmpty)
        }
    }

    @Test func concurrentInsertsOfOneKeyLetExactlyOneWin() throws {
        try withStore { store in
            let results = concurrently(8) { thread in
                try store.vectors.insert(upload(seed: 3, tauSeed: thread), owner: "thread\(thread)")
            }
            let winners = results.compactMap { try? $0.get() }
            #expect(winners.count == 1)
            let winner = try #require(winners.first)
            for case .failure(let error) in results {
                #expect(error as? StoreError == .vectorExists(id: winner.id, model: "t5-base", task: "mnli", seed: 3))
            }
            #expect(try store.vectors.list().total == 1)
            // Only the winner's tau is on disk: the losers' staged files were discarded.
            #expect(try store.blobs.allDigests() == [winner.sha256])
            #expect(try FileIO.entries(of: store.blobs.temporaryDirectory).isEmpty)
        }
    }

    @Test func concurrentInsertsOfDistinctKeysAllSucceed() throws {
        try withStore { store throws in
            let results = concurrently(8) { thread in
                try store.vectors.insert(upload(task: "task\(thread)", seed: thread), owner: "o")
            }
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            #expect(try store.vectors.list().total == 8)
        }
    }

    @Test func deleteRemovesOnlyUnreferencedBlobs() throws {
        try withStore { store in
            // a and b share tau content; c's tuned prompt is a's tau content.
            let a = try store.vectors.insert(upload(task: "a", seed: 0, tauSeed: 1), owner: "o")
            let b = try store.vectors.insert(upload(task: "b", seed: 0, tauSeed: 1), owner: "o")
            var cUpload = upload(task: "c", seed: 0, tauSeed: 2)
            cUpload.tuned = tensorBytes(1)
            let c = try store.vectors.insert(cUpload, owner: "o")
            let shared = a.sha256, onlyC = c.sha256
            #expect(b.sha256 == shared && c.tunedSHA256 == shared)

            #expect(try store.vectors.delete(id: a.id) == a)
            #expect(try store.blobs.contains(shared))
            try store.vectors.delete(id: b.id)
            #expect(try store.blobs.contains(shared))  // still c's tuned prompt
            try store.vectors.delete(id: c.id)
            #expect(try !store.blobs.contains(shared))
            #expect(try !store.blobs.contains(onlyC))
            #expect(throws: StoreError.vectorNotFound(id: c.id)) { try store.vectors.delete(id: c.id) }
            #expect(try store.vectors.list().total == 0)
        }
    }

    @Test func deleteKeepsBlobsThatInitsReference() throws {
        try withStore { store in
            let initBytes = tensorBytes(500)
            _ = try store.inits.insert(model: "t5-base", seed: 0, shape: [4, 16], owner: "o", bytes: initBytes)
            let vector = try store.vectors.insert(
                VectorUpload(model: "t5-base", task: "zero", seed: 0, shape: [4, 16], tau: initBytes), owner: "o")
            try store.vectors.delete(id: vector.id)
            #expect(try store.blobs.read(SHA256.hex(initBytes)) == initBytes)
        }
    }

    @Test func replaceSwapsContentKeepsOwnerAndCollectsOldBlobs() throws {
        try withStore { store in
            let original = try store.vectors.insert(upload(seed: 1, tauSeed: 10), owner: "alice")
            var changed = upload(seed: 1, tauSeed: 11)
            changed.metadata.description = "retrained"
            let replaced = try store.vectors.replace(id: original.id, with: changed)
            #expect(replaced.id == original.id)
            #expect(replaced.owner == "alice")
            #expect(replaced.createdAt == original.createdAt)
            #expect(replaced.updatedAt >= original.updatedAt)
            #expect(replaced.sha256 == SHA256.hex(tensorBytes(11)))
            #expect(replaced.metadata.description == "retrained")
            #expect(try !store.blobs.contains(original.sha256))
            #expect(try store.blobs.contains(replaced.sha256))

            // Moving onto another row's key is a conflict; the failed replace changes nothing.
            let other = try store.vectors.insert(upload(seed: 2, tauSeed: 20), owner: "bob")
            #expect(throws: StoreError.vectorExists(id: other.id, model: "t5-base", task: "mnli", seed: 2)) {
                try store.vectors.replace(id: replaced.id, with: upload(seed: 2, tauSeed: 12))
            }
            #expect(try store.vectors.get(id: replaced.id) == replaced)
            #expect(try !store.blobs.contains(SHA256.hex(tensorBytes(12))))
            #expect(throws: StoreError.vectorNotFound(id: 9999)) { try store.vectors.replace(id: 9999, with: changed) }
        }
    }

    @Test func listPaginatesFiltersAndCounts() throws {
        try withStore { store in
            for model in ["bert", "t5"] {
                for task in ["mnli", "qnli", "sst2"] {
                    for seed in [2, 0, 1] {
                        _ = try store.vectors.insert(upload(model: model, task: task, seed: seed, tauSeed: seed), owner: "o")
                    }
                }
            }
            let all = try store.vectors.list(limit: 100)
            #expect(all.total == 18 && all.items.count == 18)
            let keys = all.items.map { "\($0.model)/\($0.task)/\($0.seed)" }
            #expect(keys.first == "bert/mnli/0" && keys[1] == "bert/mnli/1" && keys.last == "t5/sst2/2")
            #expect(keys == keys.sorted())

            let page = try store.vectors.list(limit: 4, offset: 8)
            #expect(page.total == 18)
            #expect(page.items == Array(all.items[8..<12]))
            #expect(try store.vectors.list(limit: 4, offset: 16).items.count == 2)
            #expect(try store.vectors.list(limit: 4, offset: 40).items.isEmpty)
            #expect(try store.vectors.list(limit: 0).total == 18)

            let t5 = try store.vectors.list(VectorFilter(model: "t5"))
            #expect(t5.total == 9 && t5.items.allSatisfy { $0.model == "t5" })
            let qnli = try store.vectors.list(VectorFilter(task: "qnli"))
            #expect(qnli.total == 6 && qnli.items.allSatisfy { $0.task == "qnli" })
            let one = try store.vectors.list(VectorFilter(model: "bert", task: "sst2", seed: 1))
            #expect(one.total == 1 && one.items.first?.seed == 1)
            #expect(try store.vectors.list(VectorFilter(seed: 0)).total == 6)
            #expect(try store.vectors.list(VectorFilter(model: "gpt")).total == 0)

            #expect(throws: StoreError.self) { try store.vectors.list(limit: -1) }
            #expect(throws: StoreError.self) { try store.vectors.list(offset: -1) }
        }
    }

    @Test func modelAndTaskSummaries() throws {
        try withStore { store in
            for (task, seed) in [("mnli", 0), ("mnli", 1), ("qnli", 0)] {
                _ = try store.vectors.insert(upload(model: "t5", task: task, seed: seed), owner: "o")
            }
            _ = try store.vectors.insert(
                VectorUpload(model: "bert", task: "sst2", seed: 4, shape: [10, 768], tau: tensorBytes(1)), owner: "o")
            _ = try store.inits.insert(model: "gpt", seed: 0, shape: [8, 32], owner: "o", bytes: tensorBytes(2))

            let models = try store.vectors.models()
            #expect(models == [
                ModelSummary(model: "bert", vectorCount: 1, taskCount: 1, seedCount: 1, initCount: 0,
                             shapes: [[10, 768]], tokenDimensions: [768]),
                ModelSummary(model: "gpt", vectorCount: 0, taskCount: 0, seedCount: 0, initCount: 1,
                             shapes: [[8, 32]], tokenDimensions: [32]),
                ModelSummary(model: "t5", vectorCount: 3, taskCount: 2, seedCount: 2, initCount: 0,
                             shapes: [[4, 16]], tokenDimensions: [16]),
            ])
            #expect(try store.vectors.tasks(model: "t5") == [
                TaskSummary(model: "t5", task: "mnli", vectorCount: 2, seeds: [0, 1]),
                TaskSummary(model: "t5", task: "qnli", vectorCount: 1, seeds: [0]),
            ])
            #expect(try store.vectors.tasks().map(\.task) == ["sst2", "mnli", "qnli"])
            #expect(try store.vectors.tasks(model: "none").isEmpty)
        }
    }

    @Test func negativeShapeIsRefusedBeforeAnythingIsWritten() throws {
        try withStore { store throws in
            let bad = VectorUpload(model: "m", task: "t", seed: 0, shape: [4, -1], tau: tensorBytes(1))
            #expect(throws: StoreError.self) { try store.vectors.insert(bad, owner: "o") }
            #expect(try store.blobs.allDigests().isEmpty)
        }
    }
}
