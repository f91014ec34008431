/// The durable job queue: rows of `jobs`, claimed by worker threads oldest first. This file holds
/// what clients do (submit, look, cancel); JobStore+Worker.swift what workers and start-up do.
/// Every change runs in a write transaction, and the store has one writer connection, so a
/// check and the change it guards can never interleave with another thread's.
public final class JobStore: @unchecked Sendable {
    let database: Database
    let blobs: BlobStore

    init(database: Database, blobs: BlobStore) {
        self.database = database
        self.blobs = blobs
    }

    /// Enqueues `submission` as a queued job and returns it. When it stores a vector, the key
    /// (model, targetTask, seed) must be free: throws StoreError.vectorExists when a vector holds it,
    /// StoreError.jobTargetTaken when another queued or running job will store there.
    public func submit(_ submission: JobSubmission) throws -> JobRecord {
        try database.write { connection in
            if let target = submission.targetTask {
                let (model, seed) = (submission.model, submission.seed)
                if let vector = try VectorStore.findID(model: model, task: target, seed: seed, in: connection) {
                    throw StoreError.vectorExists(id: vector, model: model, task: target, seed: seed)
                }
                if let job = try connection.scalar("""
                    SELECT id FROM jobs
                    WHERE model = ? AND target_task = ? AND seed = ? AND status IN ('queued', 'running')
                    """, model, target, seed, as: Int.self) {
                    throw StoreError.jobTargetTaken(jobID: job, model: model, task: target, seed: seed)
                }
            }
            let now = Timestamp.now()
            try connection.run("""
                INSERT INTO jobs (kind, status, model, task, seed, target_task, parameters, owner, created_at, updated_at)
                VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)
                """, submission.kind.rawValue, submission.model, submission.task, submission.seed,
                submission.targetTask, submission.parameters, submission.owner, now, now)
            return try JobStore.fetch(id: connection.lastInsertRowID, in: connection)
        }
    }

    /// The job with row id `id`, if stored.
    public func get(id: Int) throws -> JobRecord? {
        try database.readSingle { try JobStore.find(id: id, in: $0) }
    }

    /// Jobs newest first, only those with `status` when given, `limit` from `offset`, with the total count.
    public func list(status: JobStatus? = nil, limit: Int = 100, offset: Int = 0) throws -> Page<JobRecord> {
        let whereClause = status == nil ? "" : " WHERE status = ?"
        return try Page.read(from: database, table: "jobs", columns: JobRecord.columns, whereClause: whereClause,
                             parameters: status.map { [$0.rawValue] } ?? [], orderBy: "id DESC", limit: limit,
                             offset: offset, row: JobRecord.init(row:))
    }

    /// How many queued jobs are ahead of job `id` (0: it runs next); nil unless it is queued.
    public func queuePosition(of id: Int) throws -> Int? {
        try database.readSingle { connection in
            try connection.scalar("""
                SELECT (SELECT COUNT(*) FROM jobs AS ahead WHERE ahead.status = 'queued' AND ahead.id < job.id)
                FROM jobs AS job WHERE job.id = ? AND job.status = 'queued'
                """, id, as: Int.self)
        }
    }

    /// Cancels job `id` and returns it: a queued job becomes cancelled at once; a running one gets
    /// cancelRequested (its worker stops it and finishes it as cancelled). Throws
    /// StoreError.jobFinished when it has its outcome already, StoreError.jobNotFound when missing.
    public func requestCancel(id: Int) throws -> JobRecord {
        try database.write { connection in
            let job = try JobStore.fetch(id: id, in: connection)
            switch job.status {
            case .queued:
                try JobStore.close(id, as: .cancelled, error: "cancelled before it started", in: connection)
            case .running:
                // Asking again changes nothing, not even updated_at.
                try connection.run("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ? AND cancel_requested = 0",
                                   Timestamp.now(), id)
            case .succeeded, .failed, .cancelled:
                throw StoreError.jobFinished(id: id, status: job.status)
            }
            return try JobStore.fetch(id: id, in: connection)
        }
    }

    // MARK: - Inside transactions

    static func find(id: Int, in connection: Connection) throws -> JobRecord? {
        try connection.queryFirst("SELECT \(JobRecord.columns) FROM jobs WHERE id = ?", id, row: JobRecord.init(row:))
    }

    /// The job with row id `id`; throws jobNotFound when there is none.
    static func fetch(id: Int, in connection: Connection) throws -> JobRecord {
        guard let job = try find(id: id, in: connection) else { throw StoreError.jobNotFound(id: id) }
        return job
    }

    /// Gives job `id` its outcome: a finished `status`, stamped now. Callers check it may change.
    static func close(_ id: Int, as status: JobStatus, error: String?, metrics: String? = nil, result: String? = nil,
                      vectorID: Int? = nil, in connection: Connection) throws {
        precondition(status.isFinished, "close(_:as:) takes a finished status, not \(status)")
        let now = Timestamp.now()
        try connection.run("""
            UPDATE jobs SET status = ?, error = ?, metrics = ?, result = ?, vector_id = ?, finished_at = ?, updated_at = ?
            WHERE id = ?
            """, status.rawValue, error, metrics, result, vectorID, now, now, id)
    }
}
