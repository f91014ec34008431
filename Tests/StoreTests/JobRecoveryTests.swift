import Foundation
import Testing
@testable import Store

/// What happens to jobs when the server stops: the queue survives, running jobs are recovered.
@Suite struct JobRecoveryTests {
    @Test func runningJobsAreRequeuedCancelledOrFailed() throws {
        try withStore { store in
            let ids = try (0..<4).map { try store.jobs.submit(trainJob(seed: $0)).id }
            for _ in 0..<3 { _ = try store.jobs.claimNext() }
            try store.jobs.recordProgress(id: ids[0], progress: #"{"step":5}"#)
            _ = try store.jobs.requestCancel(id: ids[1])
            let untouched = try #require(try store.jobs.get(id: ids[3]))

            #expect(try store.jobs.recoverInterrupted(maxAttempts: 2)
                    == JobRecovery(requeued: [ids[0], ids[2]], failed: [], cancelled: [ids[1]]))
            let requeued = try #require(try store.jobs.get(id: ids[0]))
            #expect(requeued.status == .queued && requeued.attempts == 1)
            #expect(requeued.startedAt == nil && requeued.progress == nil && requeued.finishedAt == nil)
            let cancelled = try #require(try store.jobs.get(id: ids[1]))
            #expect(cancelled.status == .cancelled && cancelled.finishedAt != nil && cancelled.error != nil)
            #expect(try store.jobs.get(id: ids[3]) == untouched)
            #expect(try store.jobs.queuePosition(of: ids[0]) == 0 && store.jobs.queuePosition(of: ids[3]) == 2)

            // Claimed again in queue order; the second interruption is the last one allowed.
            #expect(try (0..<3).map { _ in try store.jobs.claimNext()?.id } == [ids[0], ids[2], ids[3]])
            #expect(try store.jobs.recoverInterrupted(maxAttempts: 2)
                    == JobRecovery(requeued: [ids[3]], failed: [ids[0], ids[2]], cancelled: []))
            let failed = try #require(try store.jobs.get(id: ids[0]))
            #expect(failed.status == .failed && failed.attempts == 2 && failed.finishedAt != nil)
            #expect(failed.error?.hasPrefix("interrupted 2 times by server restarts; resubmit it") == true)
            // The failed job no longer holds its target.
            #expect(try store.jobs.submit(trainJob(seed: 0)).status == .queued)

            #expect(try store.jobs.recoverInterrupted() == JobRecovery(requeued: [], failed: [], cancelled: []))
            #expect(throws: StoreError.self) { try store.jobs.recoverInterrupted(maxAttempts: 0) }
        }
    }

    @Test func reopenedStoreKeepsTheQueue() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var store = try openStore(directory)
        let finished = try store.jobs.submit(trainJob(seed: 0))
        _ = try store.jobs.claimNext()
        _ = try store.jobs.succeed(id: finished.id, metrics: "{}", result: nil,
                                   vector: JobCompletionTests.trainedVector(seed: 0), owner: "alice")
        let interrupted = try store.jobs.submit(trainJob(seed: 1))
        _ = try store.jobs.claimNext()
        let queued = try (2..<4).map { try store.jobs.submit(trainJob(seed: $0)) }
        let before = try store.jobs.list()
        store.close()

        store = try openStore(directory)
        defer { store.close() }
        #expect(try store.jobs.list() == before)
        // Jobs reference no blobs, so the sweep at open finds every vector blob still in use.
        #expect(store.openReport.removedOrphanBlobs.isEmpty && store.openReport.missingBlobs.isEmpty)
        #expect(try store.jobs.recoverInterrupted() == JobRecovery(requeued: [interrupted.id], failed: [], cancelled: []))
        #expect(try store.jobs.claimNext()?.id == interrupted.id)
        #expect(try store.jobs.claimNext() == store.jobs.get(id: queued[0].id))
        #expect(try store.jobs.queuePosition(of: queued[1].id) == 0)
        let vectorID = try #require(try store.jobs.get(id: finished.id)?.vectorID)
        #expect(try store.vectors.get(id: vectorID) != nil)
    }
}
