import Foundation
import Testing
@testable import Store

/// How running jobs get their outcome: finish, and succeed, which stores the vector in the same transaction.
@Suite struct JobCompletionTests {
    /// A job targeting (t5-base, mnli, `seed`), claimed.
    static func runningJob(_ store: HubStore, seed: Int = 0, target: String? = "mnli") throws -> JobRecord {
        let job = try store.jobs.submit(trainJob(seed: seed, target: target))
        let claimed = try #require(try store.jobs.claimNext())
        #expect(claimed.id == job.id)
        return claimed
    }

    /// The vector a worker would store for (t5-base, mnli, `seed`), with tuned and initial prompts.
    static func trainedVector(seed: Int = 0, tauSeed: Int = 10) -> VectorUpload {
        var vector = upload(task: "mnli", seed: seed, tauSeed: tauSeed)
        vector.tuned = tensorBytes(tauSeed + 1)
        vector.initialPrompt = tensorBytes(tauSeed + 2)
        vector.metadata.metrics = #"{"accuracy":0.8}"#
        return vector
    }

    @Test func finishOnlyFromRunning() throws {
        try withStore { store in
            let queued = try store.jobs.submit(trainJob(seed: 9))
            #expect(throws: StoreError.jobNotRunning(id: queued.id, status: .queued)) {
                try store.jobs.finish(id: queued.id, status: .failed, error: "x")
            }
            #expect(throws: StoreError.jobNotFound(id: 999)) { try store.jobs.finish(id: 999, status: .failed, error: "x") }

            let job = try #require(try store.jobs.claimNext())
            #expect(throws: StoreError.self) { try store.jobs.finish(id: job.id, status: .running, error: nil) }
            // It stores a vector, so it cannot succeed without one.
            #expect(throws: StoreError.self) { try store.jobs.finish(id: job.id, status: .succeeded, error: nil) }
            #expect(throws: StoreError.self) {
                try store.jobs.succeed(id: job.id, metrics: nil, result: nil, vector: nil, owner: "alice")
            }
            #expect(try store.jobs.get(id: job.id) == job)

            let failed = try store.jobs.finish(id: job.id, status: .failed, error: "loss is NaN", metrics: #"{"step":3}"#)
            #expect(failed.status == .failed && failed.error == "loss is NaN" && failed.metrics == #"{"step":3}"#)
            #expect(failed.finishedAt != nil && failed.updatedAt == failed.finishedAt)
            #expect(throws: StoreError.jobNotRunning(id: job.id, status: .failed)) {
                try store.jobs.finish(id: job.id, status: .cancelled, error: "cancelled")
            }
            #expect(try store.jobs.get(id: job.id) == failed)
        }
    }

    @Test func jobWithoutTargetSucceedsWithoutAVector() throws {
        try withStore { store in
            let search = try store.jobs.submit(JobSubmission(kind: .lambdaSearch, model: "t5-base", task: "mnli,qnli",
                                                             seed: 1, targetTask: nil, parameters: "{}", owner: "bob"))
            _ = try store.jobs.claimNext()
            let result = #"{"best":{"lambda":0.45,"score":0.71}}"#
            let done = try store.jobs.succeed(id: search.id, metrics: nil, result: result, vector: nil, owner: "bob")
            #expect(done.status == .succeeded && done.result == result && done.vectorID == nil && done.error == nil)

            // Nor may it store one.
            let other = try Self.runningJob(store, target: nil)
            #expect(throws: StoreError.self) {
                try store.jobs.succeed(id: other.id, metrics: nil, result: nil, vector: Self.trainedVector(), owner: "alice")
            }
            #expect(try store.vectors.list().total == 0 && store.blobs.allDigests().isEmpty)
        }
    }

    @Test func succeedStoresTheVectorItsInitAndTheJobTogether() throws {
        try withStore { store in
            let job = try Self.runningJob(store, seed: 3)
            let vector = Self.trainedVector(seed: 3)
            let done = try store.jobs.succeed(id: job.id, metrics: #"{"test":{"accuracy":0.8}}"#, result: "{}",
                                              vector: vector, owner: "alice")
            #expect(done.status == .succeeded && done.finishedAt != nil && done.error == nil)
            #expect(done.metrics == #"{"test":{"accuracy":0.8}}"# && done.result == "{}")

            let stored = try #require(try store.vectors.find(model: "t5-base", task: "mnli", seed: 3))
            #expect(done.vectorID == stored.id)
            #expect(stored.owner == "alice" && stored.shape == [4, 16] && stored.metadata == vector.metadata)
            let storedInit = try #require(try store.inits.get(model: "t5-base", seed: 3))
            #expect(stored.initID == storedInit.id && storedInit.sha256 == SHA256.hex(vector.initialPrompt!))
            #expect(try store.blobs.read(stored.sha256, verify: true) == vector.tau)
            #expect(try store.blobs.read(stored.tunedSHA256!, verify: true) == vector.tuned)
            #expect(try store.blobs.read(storedInit.sha256, verify: true) == vector.initialPrompt)
            #expect(try FileIO.entries(of: store.blobs.temporaryDirectory).isEmpty)

            // Deleting the vector clears the job's link (ON DELETE SET NULL); the job keeps its outcome.
            try store.vectors.delete(id: stored.id)
            let after = try #require(try store.jobs.get(id: job.id))
            #expect(after.vectorID == nil && after.status == .succeeded && after.metrics == done.metrics)
        }
    }

    @Test func anUploadToTheKeyARunningJobWillStoreIsRefusedSoTheJobCanFinish() throws {
        try withStore { store in
            let job = try Self.runningJob(store, seed: 5)
            let blobsBefore = try store.blobs.allDigests()
            #expect(throws: StoreError.jobTargetTaken(jobID: job.id, model: "t5-base", task: "mnli", seed: 5)) {
                try store.vectors.insert(upload(task: "mnli", seed: 5, tauSeed: 1), owner: "bob")
            }
            #expect(try store.blobs.allDigests() == blobsBefore)
            #expect(try FileIO.entries(of: store.blobs.temporaryDirectory).isEmpty)
            let stored = try store.jobs.succeed(id: job.id, metrics: nil, result: nil, vector: Self.trainedVector(seed: 5),
                                                owner: "alice")
            #expect(stored.status == .succeeded && stored.vectorID != nil)
        }
    }

    @Test func succeedWithAContradictingInitLeavesTheJobRunning() throws {
        try withStore { store in
            let job = try Self.runningJob(store, seed: 6)
            let (storedInit, _) = try store.inits.insert(model: "t5-base", seed: 6, shape: [4, 16], owner: "bob",
                                                         bytes: tensorBytes(77))
            #expect(throws: StoreError.initDiffers(id: storedInit.id, model: "t5-base", seed: 6,
                                                   storedSHA256: storedInit.sha256, storedShape: [4, 16])) {
                try store.jobs.succeed(id: job.id, metrics: nil, result: nil, vector: Self.trainedVector(seed: 6),
                                       owner: "alice")
            }
            #expect(try store.jobs.get(id: job.id) == job)
            #expect(try store.vectors.list().total == 0)
            #expect(try store.blobs.allDigests() == [storedInit.sha256])
        }
    }

    @Test func succeedForAnotherKeyIsRefused() throws {
        try withStore { store in
            let job = try Self.runningJob(store, seed: 7)
            #expect(throws: StoreError.self) {
                try store.jobs.succeed(id: job.id, metrics: nil, result: nil, vector: Self.trainedVector(seed: 8),
                                       owner: "alice")
            }
            #expect(try store.jobs.get(id: job.id) == job)
            #expect(try store.vectors.list().total == 0 && store.blobs.allDigests().isEmpty)
        }
    }

    @Test func aFailingJobUpdateTakesTheVectorBackOut() throws {
        try withStore { store in
            let job = try Self.runningJob(store, seed: 4)
            // Makes the job's update, the last step of succeed, fail after the vector and init went in.
            try store.database.write { try $0.execute("""
                CREATE TRIGGER refuse_success BEFORE UPDATE OF status ON jobs WHEN NEW.status = 'succeeded'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """) }
            #expect(throws: SQLiteError.self) {
                try store.jobs.succeed(id: job.id, metrics: nil, result: nil, vector: Self.trainedVector(seed: 4),
                                       owner: "alice")
            }
            #expect(try store.jobs.get(id: job.id) == job)
            #expect(try store.vectors.list().total == 0 && store.inits.list().isEmpty)
            #expect(try store.blobs.allDigests().isEmpty)
            #expect(try FileIO.entries(of: store.blobs.temporaryDirectory).isEmpty)

            try store.database.write { try $0.execute("DROP TRIGGER refuse_success") }
            let done = try store.jobs.succeed(id: job.id, metrics: nil, result: nil, vector: Self.trainedVector(seed: 4),
                                              owner: "alice")
            #expect(done.status == .succeeded && done.vectorID != nil)
        }
    }
}
