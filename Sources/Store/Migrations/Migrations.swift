import Foundation

/// Where the hub finds its migration files at run time.
public enum Migrations {
    /// The first existing directory among: $TPV_MIGRATIONS, <executable dir>/Migrations,
    /// <executable dir>/../share/tpv/Migrations, and the source tree's Migrations folder.
    public static func defaultDirectory() throws -> String {
        try defaultDirectory(environment: ProcessInfo.processInfo.environment, sourceFile: thisSourceFile)
    }

    /// #filePath taken here: as a default argument it would be the caller's file.
    static let thisSourceFile = #filePath

    static func defaultDirectory(environment: [String: String], sourceFile: String) throws -> String {
        let candidates = candidateDirectories(environment: environment, sourceFile: sourceFile)
        guard let found = candidates.first(where: FileIO.isDirectory) else {
            throw MigrationError.directoryNotFound(tried: candidates)
        }
        return found
    }

    /// The places defaultDirectory looks, in order.
    static func candidateDirectories(environment: [String: String], sourceFile: String) -> [String] {
        var candidates: [String] = []
        if let configured = environment["TPV_MIGRATIONS"], !configured.isEmpty { candidates.append(configured) }
        if let executable = executablePath() {
            let directory = (executable as NSString).deletingLastPathComponent
            candidates.append("\(directory)/Migrations")
            candidates.append(((directory as NSString).appendingPathComponent("../share/tpv/Migrations") as NSString)
                .standardizingPath)
        }
        // This file is <root>/Sources/Store/Migrations/Migrations.swift.
        var root = sourceFile as NSString
        for _ in 0..<4 { root = root.deletingLastPathComponent as NSString }
        candidates.append(root.appendingPathComponent("Migrations"))
        return candidates
    }

    private static func executablePath() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}
