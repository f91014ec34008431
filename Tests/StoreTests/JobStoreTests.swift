import Foundation
import Testing
@testable import Store

/// The client side of the job queue (submit, look, cancel) and claiming.
@Suite struct JobStoreTests {
    @Test func submitStoresAQueuedJob() throws {
        try withStore { store in
            let job = try store.jobs.submit(trainJob(seed: 4, target: "mnli-small"))
            #expect(job.kind == .train && job.status == .queued)
            #expect(job.model == "t5-base" && job.task == "mnli" && job.seed == 4 && job.targetTask == "mnli-small")
            #expect(job.parameters == #"{"epochs":5,"seed":4}"# && job.owner == "alice")
            #expect(job.attempts == 0 && !job.cancelRequested)
            #expect(job.metrics == nil && job.result == nil && job.progress == nil && job.vectorID == nil && job.error == nil)
            #expect(job.createdAt == job.updatedAt && job.createdAt.hasSuffix("Z"))
            #expect(job.startedAt == nil && job.finishedAt == nil)
            #expect(try store.jobs.get(id: job.id) == job)
            #expect(try store.jobs.get(id: job.id + 1) == nil)

            let search = try store.jobs.submit(JobSubmission(kind: .lambdaSearch, model: "t5-base", task: "mnli,qnli",
                                                             seed: 1, targetTask: nil, parameters: "{}", owner: "bob"))
            #expect(search.kind == .lambdaSearch && search.task == "mnli,qnli" && search.targetTask == nil)
            #expect(try store.jobs.get(id: search.id) == search)
        }
    }

    @Test func listIsNewestFirstFiltersByStatusAndPages() throws {
        try withStore { store in
            let ids = try (0..<5).map { try store.jobs.submit(trainJob(seed: $0)).id }
            _ = try store.jobs.claimNext()
            _ = try store.jobs.claimNext()
            _ = try store.jobs.requestCancel(id: ids[4])

            let all = try store.jobs.list()
            #expect(all.total == 5 && all.items.map(\.id) == ids.reversed())
            #expect(try store.jobs.list(status: .queued).items.map(\.id) == [ids[3], ids[2]])
            #expect(try store.jobs.list(status: .running).items.map(\.id) == [ids[1], ids[0]])
            #expect(try store.jobs.list(status: .cancelled) == Page(items: [try store.jobs.get(id: ids[4])!], total: 1))
            #expect(try store.jobs.list(status: .succeeded) == Page(items: [], total: 0))

            let page = try store.jobs.list(limit: 2, offset: 1)
            #expect(page.total == 5 && page.items == Array(all.items[1..<3]))
            let queuedPage = try store.jobs.list(status: .queued, limit: 1, offset: 1)
            #expect(queuedPage.total == 2 && queuedPage.items.map(\.id) == [ids[2]])
            #expect(try store.jobs.list(limit: 2, offset: 10).items.isEmpty)
            #expect(throws: StoreError.invalidArgument(field: "limit", reason: "-1 is negative")) {
                try store.jobs.list(limit: -1)
            }
            #expect(throws: StoreError.invalidArgument(field: "offset", reason: "-1 is negative")) {
                try store.jobs.list(offset: -1)
            }
        }
    }

    @Test func queuePositionCountsQueuedJobsAhead() throws {
        try withStore { store in
            let ids = try (0..<4).map { try store.jobs.submit(trainJob(seed: $0)).id }
            #expect(try ids.map { try store.jobs.queuePosition(of: $0) } == [0, 1, 2, 3])
            _ = try store.jobs.claimNext()
            _ = try store.jobs.requestCancel(id: ids[2])
            #expect(try ids.map { try store.jobs.queuePosition(of: $0) } == [nil, 0, nil, 1])
            #expect(try store.jobs.queuePosition(of: 999) == nil)
        }
    }

    @Test func claimsTakeTheOldestQueuedJob() throws {
        try withStore { store in
            #expect(try store.jobs.claimNext() == nil)
            let ids = try (0..<3).map { try store.jobs.submit(trainJob(seed: $0)).id }
            let first = try #require(try store.jobs.claimNext())
            #expect(first.id == ids[0] && first.status == .running && first.attempts == 1)
            #expect(first.startedAt != nil && first.startedAt! >= first.createdAt && first.finishedAt == nil)
            #expect(try store.jobs.get(id: ids[0]) == first)
            #expect(try store.jobs.claimNext()?.id == ids[1])
            #expect(try store.jobs.claimNext()?.id == ids[2])
            #expect(try store.jobs.claimNext() == nil)
        }
    }

    @Test func concurrentClaimsHandEachJobOutOnce() throws {
        try withStore { store in
            let ids = try (0..<40).map { try store.jobs.submit(trainJob(seed: $0)).id }
            let results = concurrently(8) { _ in
                var claimed: [Int] = []
                while let job = try store.jobs.claimNext() { claimed.append(job.id) }
                return claimed
            }
            let claimed = try results.flatMap { try $0.get() }
            #expect(claimed.count == ids.count)
            #expect(claimed.sorted() == ids)
            let running = try store.jobs.list(status: .running, limit: 100)
            #expect(running.total == ids.count && running.items.allSatisfy { $0.attempts == 1 })
        }
    }

    @Test func cancelInEachState() throws {
        try withStore { store in
            let queued = try store.jobs.submit(trainJob(seed: 0))
            let running = try store.jobs.submit(trainJob(seed: 1))
            _ = try store.jobs.requestCancel(id: queued.id)  // leaves `running` the oldest queued job
            #expect(try store.jobs.claimNext()?.id == running.id)

            let cancelled = try #require(try store.jobs.get(id: queued.id))
            #expect(cancelled.status == .cancelled && cancelled.error == "cancelled before it started")
            #expect(cancelled.finishedAt != nil && cancelled.startedAt == nil && !cancelled.cancelRequested)

            let stopping = try store.jobs.requestCancel(id: running.id)
            #expect(stopping.status == .running && stopping.cancelRequested && stopping.finishedAt == nil)
            #expect(try store.jobs.requestCancel(id: running.id) == stopping)  // asking twice changes nothing

            #expect(throws: StoreError.jobFinished(id: queued.id, status: .cancelled)) {
                try store.jobs.requestCancel(id: queued.id)
            }
            _ = try store.jobs.finish(id: running.id, status: .failed, error: "diverged")
            #expect(throws: StoreError.jobFinished(id: running.id, status: .failed)) {
                try store.jobs.requestCancel(id: running.id)
            }
            #expect(throws: StoreError.jobNotFound(id: 999)) { try store.jobs.requestCancel(id: 999) }
        }
    }

    @Test func submitRefusesATargetThatIsTaken() throws {
        try withStore { store in
            let vector = try store.vectors.insert(upload(task: "mnli", seed: 1), owner: "bob")
            #expect(throws: StoreError.vectorExists(id: vector.id, model: "t5-base", task: "mnli", seed: 1)) {
                try store.jobs.submit(trainJob(seed: 1))
            }

            let active = try store.jobs.submit(trainJob(seed: 2))
            let taken = StoreError.jobTargetTaken(jobID: active.id, model: "t5-base", task: "mnli", seed: 2)
            #expect(taken.description.contains("job \(active.id)") && taken.description.contains("DELETE /jobs/\(active.id)"))
            #expect(throws: taken) { try store.jobs.submit(trainJob(task: "other", seed: 2)) }
            _ = try store.jobs.claimNext()
            #expect(throws: taken) { try store.jobs.submit(trainJob(seed: 2)) }  // running blocks it too

            // Another seed, another target task, or no target at all are free.
            _ = try store.jobs.submit(trainJob(seed: 3))
            _ = try store.jobs.submit(trainJob(seed: 2, target: "mnli-2"))
            _ = try store.jobs.submit(trainJob(seed: 2, target: nil))
            _ = try store.jobs.submit(trainJob(seed: 2, target: nil))

            // A finished job frees its target.
            _ = try store.jobs.finish(id: active.id, status: .failed, error: "out of memory")
            #expect(try store.jobs.submit(trainJob(seed: 2)).status == .queued)
            #expect(try store.jobs.list().total == 6)
        }
    }

    @Test func progressIsStoredForRunningJobsOnly() throws {
        try withStore { store in
            let job = try store.jobs.submit(trainJob())
            #expect(throws: StoreError.jobNotRunning(id: job.id, status: .queued)) {
                try store.jobs.recordProgress(id: job.id, progress: "{}")
            }
            _ = try store.jobs.claimNext()
            try store.jobs.recordProgress(id: job.id, progress: #"{"step":10,"total":60}"#)
            #expect(try store.jobs.get(id: job.id)?.progress == #"{"step":10,"total":60}"#)
            #expect(throws: StoreError.jobNotFound(id: 999)) { try store.jobs.recordProgress(id: 999, progress: "{}") }
        }
    }

    @Test func schemaRefusesWhatTheStoreNeverWrites() throws {
        try withStore { store in
            func insert(status: String, target: String?) throws {
                try store.database.write { connection in
                    try connection.run("""
                        INSERT INTO jobs (kind, status, model, task, seed, target_task, parameters, owner, created_at, updated_at)
                        VALUES ('train', ?, 'm', 't', 0, ?, '{}', 'o', 'now', 'now')
                        """, status, target)
                }
            }
            #expect { try insert(status: "paused", target: nil) } throws: { ($0 as? SQLiteError)?.isConstraintViolation == true }
            try insert(status: "running", target: "t")
            // A second active job on one target breaks the unique index even past submit's check.
            #expect { try insert(status: "queued", target: "t") } throws: { ($0 as? SQLiteError)?.isUniqueViolation == true }
            try insert(status: "failed", target: "t")
            try insert(status: "queued", target: nil)
            try insert(status: "queued", target: nil)
        }
    }
}
