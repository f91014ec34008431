/// One regular file of an archive: its path inside the archive (relative, `/`-separated,
/// validated by `ArchivePath`) and its bytes.
public struct ArchiveEntry: Sendable, Equatable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}
