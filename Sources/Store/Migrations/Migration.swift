import Foundation

/// One numbered SQL file, `NNN_description.sql`, with the digest that pins its content once applied.
public struct Migration: Equatable, Sendable {
    /// The number before the first underscore.
    public let version: Int
    /// The description after it, without ".sql".
    public let name: String
    /// Where the file was read from.
    public let path: String
    /// The SQL script.
    public let sql: String
    /// SHA-256 of the file's bytes, recorded in schema_migrations.
    public let sha256: String

    /// The file name, as errors mention it.
    public var fileName: String { (path as NSString).lastPathComponent }

    /// Reads every `*.sql` file of `directory`, sorted by version.
    public static func load(from directory: String) throws -> [Migration] {
        guard FileIO.isDirectory(directory) else { throw MigrationError.directoryNotFound(tried: [directory]) }
        var migrations: [Migration] = []
        for fileName in try FileIO.entries(of: directory).sorted() where fileName.hasSuffix(".sql") {
            let path = "\(directory)/\(fileName)"
            guard let (version, name) = parse(fileName: fileName) else { throw MigrationError.badFileName(path: path) }
            let bytes = try FileIO.readFile(at: path)
            guard let sql = String(validatingUTF8: bytes.map { CChar(bitPattern: $0) } + [0]) else {
                throw MigrationError.notUTF8(path: path)
            }
            migrations.append(Migration(version: version, name: name, path: path, sql: sql,
                                        sha256: SHA256.hex(bytes)))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MigrationError.duplicateVersion(version: next.version, files: [previous.fileName, next.fileName])
        }
        return migrations
    }

    /// "001_initial.sql" -> (1, "initial"); nil for anything else.
    static func parse(fileName: String) -> (Int, String)? {
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore], name = stem[stem.index(after: underscore)...]
        guard digits.count >= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(digits),
              !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return (version, String(name))
    }
}
