/// What HubStore.open found and repaired, for the hub to log at start-up.
public struct OpenReport: Equatable, Sendable {
    /// Migrations applied by this open, as file names.
    public let appliedMigrations: [String]
    /// Files left in DATA/tmp by interrupted uploads, now deleted.
    public let removedTemporaryFiles: Int
    /// Blobs no row referenced (a crash between blob write and row commit), now deleted.
    public let removedOrphanBlobs: [String]
    /// Digests rows reference whose files are missing: data loss to report, not repairable here.
    public let missingBlobs: [String]
}
