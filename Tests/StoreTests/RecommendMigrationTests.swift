import Foundation
import Testing
@testable import Store

/// 004_recommend_jobs.sql rebuilds `jobs` to widen its kind CHECK: every row, id, link to a vector
/// and index survives, and ids keep counting from the largest ever handed out.
@Suite struct RecommendMigrationTests {
    @Test func rebuildingTheJobsTableKeepsEveryRowAndTheIdCounter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let migrations = directory.child("migrations")
        try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: TestPaths.migrations) where file < "004" {
            try FileManager.default.copyItem(atPath: TestPaths.migrations + "/" + file, toPath: migrations + "/" + file)
        }
        func open() throws -> HubStore {
            try HubStore.open(dataDirectory: directory.child("data"), migrationsDirectory: migrations)
        }

        var store = try open()
        let trained = try store.jobs.submit(trainJob(seed: 1))
        _ = try store.jobs.claimNext()
        let done = try store.jobs.succeed(id: trained.id, metrics: #"{"test":{"macro_f1":0.5}}"#, result: nil,
                                          vector: upload(task: "mnli", seed: 1), owner: "alice")
        let search = try store.jobs.submit(JobSubmission(kind: .lambdaSearch, model: "t5-base", task: "mnli,qnli", seed: 1,
                                                         targetTask: nil, parameters: "{}", owner: "bob"))
        _ = try store.jobs.submit(trainJob(task: "qnli", seed: 2, target: "qnli"))
        let dropped = try store.jobs.submit(trainJob(seed: 3, target: "gone"))
        _ = try store.database.write { try $0.run("DELETE FROM jobs WHERE id = ?", dropped.id) }
        #expect(throws: (any Error).self) {
            try store.jobs.submit(JobSubmission(kind: .recommend, model: "t5-base", task: "rte", seed: 1, targetTask: nil,
                                                parameters: "{}", owner: "alice"))
        }
        let before = try store.jobs.list().items
        store.close()

        try FileManager.default.copyItem(atPath: TestPaths.migrations + "/004_recommend_jobs.sql",
                                         toPath: migrations + "/004_recommend_jobs.sql")
        store = try open()
        defer { store.close() }
        #expect(store.openReport.appliedMigrations == ["004_recommend_jobs.sql"])
        #expect(try store.jobs.list().items == before)
        #expect(try store.jobs.get(id: done.id)?.vectorID == done.vectorID && done.vectorID != nil)
        #expect(try store.jobs.get(id: search.id)?.kind == .lambdaSearch)

        let recommend = try store.jobs.submit(JobSubmission(kind: .recommend, model: "t5-base", task: "rte", seed: 1,
                                                            targetTask: nil, parameters: "{}", owner: "alice"))
        #expect(recommend.kind == .recommend && recommend.id == dropped.id + 1)
        #expect(try store.jobs.queuePosition(of: recommend.id) == 2)  // behind the queued search and train jobs
        // The CHECK still refuses other kinds, and one active job per target still holds.
        #expect(throws: (any Error).self) {
            try store.database.write { try $0.run("UPDATE jobs SET kind = 'other' WHERE id = ?", recommend.id) }
        }
        #expect(throws: StoreError.self) { try store.jobs.submit(trainJob(task: "qnli", seed: 2, target: "qnli")) }
        let indexes = try store.database.read {
            try $0.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL ORDER BY name") {
                try $0.get(0, as: String.self)
            }
        }
        #expect(indexes == ["jobs_active_by_target", "jobs_by_status", "jobs_by_vector_id"])
        // Deleting the vector still unlinks it from its job (the foreign key moved with the table).
        _ = try store.vectors.delete(id: done.vectorID!)
        #expect(try store.jobs.get(id: done.id)?.vectorID == nil)
    }
}
