/// What worker threads and server start-up do with jobs: claim, report progress, finish, recover.
extension JobStore {
    /// Takes the oldest queued job for the calling worker: it becomes running, its attempts grow by
    /// one, started_at is now and error/progress are cleared. Nil when nothing is queued. Safe to
    /// call from many threads at once: each job is handed out once.
    public func claimNext() throws -> JobRecord? {
        try database.write { connection in
            guard let id = try connection.scalar("SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1",
                                                 as: Int.self) else { return nil }
            let now = Timestamp.now()
            try connection.run("""
                UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ?, error = NULL,
                                progress = NULL, updated_at = ?
                WHERE id = ?
                """, now, now, id)
            return try JobStore.fetch(id: id, in: connection)
        }
    }

    /// Stores `progress` (a JSON object as text) as running job `id`'s latest report.
    /// Throws StoreError.jobNotRunning when the job is not running, jobNotFound when missing.
    public func recordProgress(id: Int, progress: String) throws {
        try database.write { connection in
            _ = try JobStore.running(id, in: connection)
            try connection.run("UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?", progress, Timestamp.now(), id)
        }
    }

    /// Gives running job `id` its outcome without storing a vector: failed or cancelled with `error`,
    /// or succeeded when the job stores no vector (lambda-search); a job with a target task succeeds
    /// only through succeed(id:metrics:result:vector:owner:). Throws StoreError.jobNotRunning when the
    /// job is not running (a worker never overwrites an outcome), jobNotFound when missing.
    public func finish(id: Int, status: JobStatus, error: String?, metrics: String? = nil,
                       result: String? = nil) throws -> JobRecord {
        guard status.isFinished else {
            throw StoreError.invalidArgument(field: "status",
                                             reason: "'\(status.rawValue)' is not an outcome; finish a job as succeeded, failed or cancelled")
        }
        return try database.write { connection in
            let job = try JobStore.running(id, in: connection)
            if status == .succeeded, let target = job.targetTask {
                throw StoreError.invalidArgument(field: "status",
                                                 reason: "job \(id) stores a vector under task '\(target)', so it succeeds only together with that vector")
            }
            try JobStore.close(id, as: status, error: error, metrics: metrics, result: result, in: connection)
            return try JobStore.fetch(id: id, in: connection)
        }
    }

    /// Marks running job `id` succeeded and stores its vector (owned by `owner`) in one transaction:
    /// both happen or neither. The vector is stored exactly as VectorStore.insert stores an upload
    /// (blobs durable before the commit, the init stored or checked per (model, seed)), so this throws
    /// what that throws (vectorExists when the key was taken meanwhile, initDiffers), leaving the job
    /// running and no new blob behind. The vector's key must be the job's (model, targetTask, seed);
    /// without a vector this is finish(id:status: .succeeded, ...). Throws StoreError.jobNotRunning
    /// when the job is not running, jobNotFound when missing.
    public func succeed(id: Int, metrics: String?, result: String?, vector: VectorUpload?,
                        owner: String) throws -> JobRecord {
        guard let vector else { return try finish(id: id, status: .succeeded, error: nil, metrics: metrics, result: result) }
        return try VectorStore.write(vector, database: database, blobs: blobs) { transaction, staged in
            let connection = transaction.connection
            let job = try JobStore.running(id, in: connection)
            guard job.targetTask == vector.task, job.model == vector.model, job.seed == vector.seed else {
                let target = job.targetTask.map { "model '\(job.model)', task '\($0)', seed \(job.seed)" } ?? "no vector"
                throw StoreError.invalidArgument(field: "vector",
                                                 reason: "job \(id) stores \(target), not model '\(vector.model)', task '\(vector.task)', seed \(vector.seed)")
            }
            let stored = try VectorStore.insert(vector, staged: staged, owner: owner, in: transaction)
            try JobStore.close(id, as: .succeeded, error: nil, metrics: metrics, result: result, vectorID: stored.id,
                               in: connection)
            return try JobStore.fetch(id: id, in: connection)
        }
    }

    /// For server start-up, before any worker runs: jobs left `running` by a stopped server end
    /// cancelled when their cancel was requested, failed once claimed `maxAttempts` times, and are
    /// queued again otherwise (attempts kept; training is deterministic, so a re-run gives the same
    /// result). Queued jobs stay as they are.
    public func recoverInterrupted(maxAttempts: Int = 3) throws -> JobRecovery {
        guard maxAttempts >= 1 else {
            throw StoreError.invalidArgument(field: "maxAttempts", reason: "\(maxAttempts) is below 1")
        }
        return try database.write { connection in
            let interrupted = try connection.query("SELECT \(JobRecord.columns) FROM jobs WHERE status = 'running' ORDER BY id",
                                                   row: JobRecord.init(row:))
            var requeued: [Int] = [], failed: [Int] = [], cancelled: [Int] = []
            for job in interrupted {
                if job.cancelRequested {
                    try JobStore.close(job.id, as: .cancelled, error: "cancelled; the server stopped before the job did",
                                       in: connection)
                    cancelled.append(job.id)
                } else if job.attempts >= maxAttempts {
                    try JobStore.close(job.id, as: .failed, error: """
                        interrupted \(job.attempts) times by server restarts; resubmit it with POST /jobs \
                        (if the job itself stopped the server, e.g. by running out of memory, lower batch_size or max_length first)
                        """, in: connection)
                    failed.append(job.id)
                } else {
                    try connection.run("""
                        UPDATE jobs SET status = 'queued', started_at = NULL, progress = NULL, updated_at = ? WHERE id = ?
                        """, Timestamp.now(), job.id)
                    requeued.append(job.id)
                }
            }
            return JobRecovery(requeued: requeued, failed: failed, cancelled: cancelled)
        }
    }

    /// Job `id`, which must be running; throws jobNotRunning or jobNotFound otherwise.
    static func running(_ id: Int, in connection: Connection) throws -> JobRecord {
        let job = try fetch(id: id, in: connection)
        guard job.status == .running else { throw StoreError.jobNotRunning(id: id, status: job.status) }
        return job
    }
}
