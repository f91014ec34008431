/// A stored job: one row of `jobs`. The JSON columns are text as written (the hub parses them).
public struct JobRecord: Equatable, Sendable {
    /// Row id, never reused; queue order.
    public let id: Int
    public let kind: JobKind
    public let status: JobStatus
    /// Name of the frozen language model.
    public let model: String
    /// The task trained on; for lambda-search the tasks joined by ','.
    public let task: String
    /// Seed of the initial prompt.
    public let seed: Int
    /// Task name the resulting vector is stored under; nil for jobs that store none.
    public let targetTask: String?
    /// The request with defaults filled in, a JSON object as text.
    public let parameters: String
    /// Token name of the submitter.
    public let owner: String
    /// How many times a worker claimed it (restarts re-run a job from the start).
    public let attempts: Int
    /// The owner asked a running job to stop; the worker has not stopped yet.
    public let cancelRequested: Bool
    /// Evaluation results, a JSON object as text (succeeded jobs).
    public let metrics: String?
    /// Kind-specific outcome, a JSON object as text.
    public let result: String?
    /// The worker's last progress report, a JSON object as text (running jobs).
    public let progress: String?
    /// The vector the job stored; nil when it stores none, has not finished, or the vector was deleted.
    public let vectorID: Int?
    /// Why a failed or cancelled job stopped.
    public let error: String?
    /// ISO 8601 UTC, milliseconds.
    public let createdAt: String
    /// When the current (last) attempt started; nil while queued.
    public let startedAt: String?
    /// When it reached a finished status.
    public let finishedAt: String?
    /// Last change of any column.
    public let updatedAt: String

    static let columns = """
        id, kind, status, model, task, seed, target_task, parameters, owner, attempts, cancel_requested, \
        metrics, result, progress, vector_id, error, created_at, started_at, finished_at, updated_at
        """

    /// Decodes a row selected with `columns`.
    init(row: Row) throws {
        id = try row.get("id")
        let kindName: String = try row.get("kind"), statusName: String = try row.get("status")
        guard let kind = JobKind(rawValue: kindName), let status = JobStatus(rawValue: statusName) else {
            throw StoreError.corruptRow(table: "jobs", id: id, reason: "unknown kind '\(kindName)' or status '\(statusName)'")
        }
        self.kind = kind
        self.status = status
        model = try row.get("model")
        task = try row.get("task")
        seed = try row.get("seed")
        targetTask = try row.get("target_task")
        parameters = try row.get("parameters")
        owner = try row.get("owner")
        attempts = try row.get("attempts")
        cancelRequested = try row.get("cancel_requested", as: Int.self) != 0
        metrics = try row.get("metrics")
        result = try row.get("result")
        progress = try row.get("progress")
        vectorID = try row.get("vector_id")
        error = try row.get("error")
        createdAt = try row.get("created_at")
        startedAt = try row.get("started_at")
        finishedAt = try row.get("finished_at")
        updatedAt = try row.get("updated_at")
    }
}
