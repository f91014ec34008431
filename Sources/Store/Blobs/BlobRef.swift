/// A blob in the store: its SHA-256 (the file name), its size, and whether this put created the file.
public struct BlobRef: Equatable, Sendable {
    /// 64 lowercase hex characters.
    public let sha256: String
    /// Size in bytes.
    public let size: Int
    /// False when identical content was stored already and the new copy was discarded.
    public let isNew: Bool
}
