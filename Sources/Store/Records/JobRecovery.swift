/// What JobStore.recoverInterrupted did with the jobs a stopped server left `running`, by job id.
public struct JobRecovery: Equatable, Sendable {
    /// Queued again, to run from the start.
    public let requeued: [Int]
    /// Interrupted too often: failed, with the reason.
    public let failed: [Int]
    /// Their cancel had been requested: cancelled.
    public let cancelled: [Int]
}
