/// What a graceful stop does with the jobs it interrupts.
extension JobStore {
    /// Puts running job `id` back in the queue, as a graceful shutdown does with the jobs it stops:
    /// the interrupted attempt is not counted (it was the server's doing, not the job's), so only
    /// crashes count towards `recoverInterrupted`'s limit. Throws jobNotRunning or jobNotFound.
    public func requeue(id: Int) throws {
        try database.write { connection in
            _ = try JobStore.running(id, in: connection)
            try connection.run("""
                UPDATE jobs SET status = 'queued', attempts = attempts - 1, started_at = NULL, progress = NULL, updated_at = ?
                WHERE id = ?
                """, Timestamp.now(), id)
        }
    }
}
