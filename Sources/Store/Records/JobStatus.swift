/// Where a job is in its life cycle: queued -> running -> succeeded | failed | cancelled,
/// or queued -> cancelled directly.
public enum JobStatus: String, CaseIterable, Equatable, Sendable {
    /// Waiting for a worker.
    case queued
    /// A worker is on it.
    case running
    /// Done; a train job's vector is stored.
    case succeeded
    /// Stopped by an error, or interrupted too often by restarts.
    case failed
    /// Stopped on its owner's request.
    case cancelled

    /// True once the job has its outcome: it never changes status again.
    public var isFinished: Bool {
        switch self {
        case .queued, .running: return false
        case .succeeded, .failed, .cancelled: return true
        }
    }
}
