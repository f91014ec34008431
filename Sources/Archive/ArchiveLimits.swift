/// What an archive may unpack to. Readers check declared sizes before they inflate anything
/// and stop inflating at the limit, so a zip bomb costs at most `maxTotalBytes` of memory.
public struct ArchiveLimits: Sendable, Equatable {
    /// Regular files and directories together.
    public var maxEntries: Int
    /// Bytes of all regular files once unpacked (tar metadata records included).
    public var maxTotalBytes: Int

    public init(maxEntries: Int = 64, maxTotalBytes: Int = 64 << 20) {
        self.maxEntries = maxEntries
        self.maxTotalBytes = maxTotalBytes
    }

    /// A PEFT adapter folder is a few files; 64 MiB is also the largest request body the hub reads.
    public static let standard = ArchiveLimits()
}
