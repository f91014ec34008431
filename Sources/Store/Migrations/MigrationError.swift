/// Why the schema could not be brought up to date; each message names the file and what to do.
public enum MigrationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No migrations directory at any of these paths.
    case directoryNotFound(tried: [String])
    /// A `.sql` file whose name is not `NNN_description.sql`.
    case badFileName(path: String)
    /// A migration file that is not UTF-8 text.
    case notUTF8(path: String)
    /// Two files share a version number.
    case duplicateVersion(version: Int, files: [String])
    /// An applied migration's file was edited afterwards.
    case changedAfterApply(version: Int, path: String, recordedSHA256: String, currentSHA256: String)
    /// The database records versions this code has no file for: it was migrated by newer code.
    case databaseNewerThanCode(unknownVersions: [Int], directory: String)
    /// A pending migration numbered below one already applied.
    case outOfOrder(path: String, latestApplied: Int)
    /// A migration's SQL failed; it was rolled back.
    case failed(path: String, error: SQLiteError)

    /// The message, fit for an HTTP problem body or a start-up log line.
    public var description: String {
        switch self {
        case let .directoryNotFound(tried):
            return "no migrations directory found (tried: \(tried.joined(separator: ", "))); set TPV_MIGRATIONS to the Migrations folder of the source tree"
        case let .badFileName(path):
            return "migration file '\(path)' is not named NNN_description.sql (at least three digits, letters/digits/_/- after the underscore); rename it"
        case let .notUTF8(path):
            return "migration file '\(path)' is not UTF-8 text; re-save it as UTF-8"
        case let .duplicateVersion(version, files):
            return "migration version \(version) is used by more than one file (\(files.joined(separator: ", "))); renumber one of them"
        case let .changedAfterApply(version, path, recorded, current):
            return "migration \(version) ('\(path)') was changed after it was applied (recorded sha256 \(recorded), file now \(current)); restore the original file and put the change in a new migration"
        case let .databaseNewerThanCode(versions, directory):
            return "the database has migrations \(versions.map(String.init).joined(separator: ", ")) applied that are not in '\(directory)'; it was created by a newer version of the hub: run that version, or point TPV_MIGRATIONS at its Migrations folder"
        case let .outOfOrder(path, latest):
            return "migration '\(path)' is numbered below the latest applied one (\(latest)); give it a number above \(latest)"
        case let .failed(path, error):
            return "migration '\(path)' failed and was rolled back: \(error)"
        }
    }
}
