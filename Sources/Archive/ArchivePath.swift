/// The rule every entry name passes before it is used: a relative path of plain components.
///
/// Names never reach the file system on the hub, but they do when a client unpacks an archive,
/// and a name that could mean two things (`a/../b`, `./b`, `b/`) could smuggle a second copy
/// of a file past the duplicate check.
public enum ArchivePath {
    public static let maximumBytes = 1024

    /// The name with one leading `./` removed, or an error saying why it is refused.
    /// `isDirectory` entries may end in `/` (removed too).
    public static func validated(_ raw: String, isDirectory: Bool = false) throws -> String {
        var name = Substring(raw)
        if name.hasPrefix("./") { name = name.dropFirst(2) }
        if isDirectory, name.hasSuffix("/") { name = name.dropLast() }
        let shown = printable(raw)
        guard !name.isEmpty else { throw ArchiveError("an entry has an empty name ('\(shown)')") }
        guard name.utf8.count <= maximumBytes else {
            throw ArchiveError("entry '\(printable(String(name.prefix(60))))...' has a name longer than \(maximumBytes) bytes")
        }
        guard !name.hasPrefix("/") else {
            throw ArchiveError("entry '\(shown)' has an absolute path; archive entries must be relative to the folder")
        }
        guard !name.contains("\\") else {
            throw ArchiveError("entry '\(shown)' contains a backslash; use '/' between folders")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ArchiveError("entry '\(shown)' has a control character in its name")
        }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !component.isEmpty, component != ".", component != ".." else {
                throw ArchiveError("entry '\(shown)' has a '\(component.isEmpty ? "//" : String(component))' path component; "
                    + "entries must stay inside the folder, with plain names")
            }
        }
        return String(name)
    }

    /// The name as an error message may show it: control characters escaped, length capped.
    public static func printable(_ text: String) -> String {
        String(text.unicodeScalars.prefix(120).map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined())
    }
}
