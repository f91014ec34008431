import Testing
@testable import Store

@Suite struct InitStoreTests {
    @Test func identicalInitIsReusedAndDifferentOneIsAConflict() throws {
        try withStore { store throws in
            let (first, created) = try store.inits.insert(model: "t5", seed: 42, shape: [4, 16], owner: "alice",
                                                          bytes: tensorBytes(1))
            #expect(created)
            #expect(first.model == "t5" && first.seed == 42 && first.shape == [4, 16] && first.owner == "alice")
            let (again, createdAgain) = try store.inits.insert(model: "t5", seed: 42, shape: [4, 16], owner: "bob",
                                                               bytes: tensorBytes(1))
            #expect(!createdAgain && again == first)

            let differs = StoreError.initDiffers(id: first.id, model: "t5", seed: 42, storedSHA256: first.sha256,
                                                 storedShape: [4, 16])
            #expect(throws: differs) {
                try store.inits.insert(model: "t5", seed: 42, shape: [4, 16], owner: "bob", bytes: tensorBytes(2))
            }
            #expect(throws: differs) {  // same bytes under another shape are another tensor
                try store.inits.insert(model: "t5", seed: 42, shape: [16, 4], owner: "bob", bytes: tensorBytes(1))
            }
            #expect(try !store.blobs.contains(SHA256.hex(tensorBytes(2))))

            #expect(try store.inits.get(model: "t5", seed: 42) == first)
            #expect(try store.inits.get(id: first.id) == first)
            #expect(try store.inits.get(model: "t5", seed: 43) == nil)
            _ = try store.inits.insert(model: "bert", seed: 1, shape: [2], owner: "o", bytes: [1, 2])
            #expect(try store.inits.list().map(\.model) == ["bert", "t5"])
            #expect(try store.inits.list(model: "t5") == [first])
        }
    }

    @Test func vectorsLinkToTheirInit() throws {
        try withStore { store throws in
            var withInit = upload(task: "mnli", seed: 5)
            withInit.initialPrompt = tensorBytes(50)
            let first = try store.vectors.insert(withInit, owner: "alice")
            let stored = try #require(try store.inits.get(model: "t5-base", seed: 5))
            #expect(first.initID == stored.id)
            #expect(stored.sha256 == SHA256.hex(tensorBytes(50)) && stored.shape == [4, 16])

            // Same seed, no init uploaded: linked to the stored init.
            #expect(try store.vectors.insert(upload(task: "qnli", seed: 5), owner: "bob").initID == stored.id)
            // Same seed, contradicting init: refused as a whole, no vector row, no stray blob.
            var contradicting = upload(task: "sst2", seed: 5, tauSeed: 77)
            contradicting.initialPrompt = tensorBytes(51)
            #expect(throws: StoreError.initDiffers(id: stored.id, model: "t5-base", seed: 5, storedSHA256: stored.sha256,
                                                   storedShape: [4, 16])) {
                try store.vectors.insert(contradicting, owner: "bob")
            }
            #expect(try store.vectors.find(model: "t5-base", task: "sst2", seed: 5) == nil)
            #expect(try !store.blobs.contains(SHA256.hex(tensorBytes(77))))
            #expect(try !store.blobs.contains(SHA256.hex(tensorBytes(51))))
            // Another seed has no init.
            #expect(try store.vectors.insert(upload(task: "mnli", seed: 6), owner: "bob").initID == nil)
        }
    }
}
