import Foundation

/// What the store refuses or fails to do; each message says what is wrong and what to do about it.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A vector with this (model, task, seed) exists already (HTTP 409); `id` is the existing row.
    case vectorExists(id: Int, model: String, task: String, seed: Int)
    /// An init for (model, seed) is stored with other content (HTTP 409).
    case initDiffers(id: Int, model: String, seed: Int, storedSHA256: String, storedShape: [Int])
    /// A dataset for this (task, split) exists already (HTTP 409).
    case datasetExists(task: String, split: String)
    /// No dataset is stored for this (task, split).
    case datasetNotFound(task: String, split: String)
    /// The task's schema changed (another upload defined or redefined it) after the data was
    /// validated against it; validate again against the stored schema.
    case taskSchemaChanged(task: String)
    /// No vector row has this id.
    case vectorNotFound(id: Int)
    /// No init row has this id.
    case initNotFound(id: Int)
    /// A queued or running job will store a vector under this (model, task, seed) (HTTP 409).
    case jobTargetTaken(jobID: Int, model: String, task: String, seed: Int)
    /// No job row has this id.
    case jobNotFound(id: Int)
    /// The job already has its outcome; it cannot be cancelled (HTTP 409).
    case jobFinished(id: Int, status: JobStatus)
    /// Only a running job can be finished; this one is queued or finished already.
    case jobNotRunning(id: Int, status: JobStatus)
    /// A blob digest that is not 64 lowercase hex characters.
    case invalidDigest(String)
    /// A caller-supplied value the store cannot accept (field and why).
    case invalidArgument(field: String, reason: String)
    /// A row references a blob whose file is gone.
    case blobMissing(sha256: String, path: String)
    /// A blob file's bytes no longer hash to its name.
    case blobCorrupt(sha256: String, path: String, actualSHA256: String)
    /// A file-system call failed (operation, path, errno).
    case io(operation: String, path: String, errno: Int32)
    /// Another process holds the data directory.
    case dataDirectoryInUse(path: String)
    /// A stored row cannot be decoded.
    case corruptRow(table: String, id: Int, reason: String)
    /// OpenSSL's random generator failed.
    case randomUnavailable

    /// The message, fit for an HTTP problem body or a start-up log line.
    public var description: String {
        switch self {
        case let .vectorExists(id, model, task, seed):
            return "a vector for model '\(model)', task '\(task)', seed \(seed) already exists (id \(id)); replace it with PUT /vectors/\(id) or choose another seed"
        case let .initDiffers(id, model, seed, sha, shape):
            return "the stored init for model '\(model)', seed \(seed) (id \(id), shape \(shape), sha256 \(sha)) differs from the uploaded one; upload the same initial prompt or use another seed"
        case let .datasetExists(task, split):
            return "task '\(task)' already has a \(split) split; replace it with PUT /datasets/\(task)/\(split) (its owner only) or delete it first"
        case let .datasetNotFound(task, split):
            return "task '\(task)' has no \(split) split; list datasets with GET /datasets"
        case let .taskSchemaChanged(task):
            return "task '\(task)' was defined by another upload at the same time; send the data again to check it against that definition"
        case let .vectorNotFound(id):
            return "no vector with id \(id); list vectors to find the right id"
        case let .initNotFound(id):
            return "no init with id \(id); list inits to find the right id"
        case let .jobTargetTaken(jobID, model, task, seed):
            return "job \(jobID) is already queued or running to store a vector for model '\(model)', task '\(task)', seed \(seed); wait for it to finish, cancel it with DELETE /jobs/\(jobID), or choose another seed or store_as"
        case let .jobNotFound(id):
            return "no job with id \(id); list jobs with GET /jobs"
        case let .jobFinished(id, status):
            return "job \(id) has already finished (\(status.rawValue)); there is nothing to cancel, submit a new job to run it again"
        case let .jobNotRunning(id, status):
            return "job \(id) is \(status.rawValue), not running; only the worker running a job may finish it, so drop this outcome"
        case let .invalidDigest(text):
            return "'\(text.prefix(80))' is not a SHA-256 digest; expected 64 lowercase hex characters"
        case let .invalidArgument(field, reason):
            return "invalid \(field): \(reason)"
        case let .blobMissing(sha, path):
            return "blob \(sha) is missing at \(path); restore the data directory from a backup"
        case let .blobCorrupt(sha, path, actual):
            return "blob \(sha) at \(path) is corrupt (its bytes hash to \(actual)); restore it from a backup"
        case let .io(operation, path, code):
            return "\(operation) '\(path)' failed: \(String(cString: strerror(code))) (errno \(code)); check the data directory's permissions and free space"
        case let .dataDirectoryInUse(path):
            return "the data directory '\(path)' is in use by another process; stop it or choose another directory"
        case let .corruptRow(table, id, reason):
            return "row \(id) of \(table) cannot be read: \(reason); the database was changed outside the hub"
        case .randomUnavailable:
            return "OpenSSL's random generator failed; the system has no entropy source available"
        }
    }
}
