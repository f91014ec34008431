/// Gathers the entries a reader finds and enforces what every format shares: the limits,
/// unique names, and no file where a folder of the same name is (or the reverse).
struct EntryCollector {
    let limits: ArchiveLimits
    private(set) var entries: [ArchiveEntry] = []
    private var names: Set<String> = []
    private var directories: Set<String> = []
    private var count = 0
    private(set) var totalBytes = 0

    init(limits: ArchiveLimits) { self.limits = limits }

    /// Bytes still allowed before the archive is too large.
    var remainingBytes: Int { limits.maxTotalBytes - totalBytes }

    /// Refuses an entry that declares more bytes than remain, before anything is read.
    func checkDeclaredSize(_ size: UInt64, of name: String) throws {
        guard size <= UInt64(max(remainingBytes, 0)) else {
            throw ArchiveError("entry '\(ArchivePath.printable(name))' declares \(size) bytes; the archive may unpack to at most "
                + "\(limits.maxTotalBytes) bytes in all")
        }
    }

    /// Counts bytes the reader consumed that are not file contents (tar's pax records).
    mutating func account(metadataBytes: Int, of name: String) throws {
        try checkDeclaredSize(UInt64(metadataBytes), of: name)
        totalBytes += metadataBytes
    }

    mutating func addDirectory(_ rawName: String) throws {
        let name = try ArchivePath.validated(rawName, isDirectory: true)
        try countEntry()
        guard !names.contains(name) else { throw duplicate(name) }
        directories.insert(name)
    }

    mutating func addFile(_ rawName: String, bytes: [UInt8]) throws {
        let name = try ArchivePath.validated(rawName)
        try countEntry()
        guard !names.contains(name), !directories.contains(name) else { throw duplicate(name) }
        try checkDeclaredSize(UInt64(bytes.count), of: name)
        totalBytes += bytes.count
        names.insert(name)
        entries.append(ArchiveEntry(name: name, bytes: bytes))
    }

    /// Once every entry is in: no file may also be a folder (`a` and `a/b`).
    func finish() throws -> [ArchiveEntry] {
        for entry in entries {
            var prefix = entry.name
            while let slash = prefix.lastIndex(of: "/") {
                prefix = String(prefix[..<slash])
                if names.contains(prefix) {
                    throw ArchiveError("'\(ArchivePath.printable(prefix))' is both a file and the folder of "
                        + "'\(ArchivePath.printable(entry.name))'")
                }
            }
        }
        return entries
    }

    private mutating func countEntry() throws {
        count += 1
        guard count <= limits.maxEntries else {
            throw ArchiveError("the archive has more than \(limits.maxEntries) entries; an adapter folder has a few files")
        }
    }

    private func duplicate(_ name: String) -> ArchiveError {
        ArchiveError("entry '\(ArchivePath.printable(name))' appears twice; an archive must hold each file once")
    }
}
