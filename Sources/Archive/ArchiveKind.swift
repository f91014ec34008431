/// The archive formats the hub reads, recognised by their first bytes or named by a media type.
public enum ArchiveKind: String, CaseIterable, Sendable {
    case zip, tar, tarGzip = "tar.gz"

    public var mediaType: String {
        switch self {
        case .zip: return "application/zip"
        case .tar: return "application/x-tar"
        case .tarGzip: return "application/gzip"
        }
    }

    public var fileExtension: String { rawValue }

    static let mediaTypes: [String: ArchiveKind] = [
        "application/zip": .zip, "application/x-zip-compressed": .zip, "application/x-zip": .zip,
        "application/x-tar": .tar, "application/tar": .tar,
        "application/gzip": .tarGzip, "application/x-gzip": .tarGzip, "application/x-gtar": .tarGzip,
        "application/x-compressed-tar": .tarGzip, "application/tar+gzip": .tarGzip,
    ]

    /// A Content-Type such as `application/zip; charset=binary`.
    public init?(mediaType: String) {
        let essence = String(mediaType.prefix { $0 != ";" }.filter { $0 != " " && $0 != "\t" }).lowercased()
        guard let kind = Self.mediaTypes[essence] else { return nil }
        self = kind
    }

    /// zip's local-header or empty-archive signature, gzip's magic, or ustar's magic at byte 257.
    public static func sniff(_ bytes: [UInt8]) -> ArchiveKind? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if bytes.starts(with: [0x1F, 0x8B]) { return .tarGzip }
        if bytes.count >= 262, Array(bytes[257..<262]) == Array("ustar".utf8) { return .tar }
        return nil
    }

    /// The regular files of an archive of this kind (a .tar.gz is inflated, within the limits, then read as tar).
    public func read(_ bytes: [UInt8], limits: ArchiveLimits = .standard) throws -> [ArchiveEntry] {
        switch self {
        case .zip: return try ZipArchive.read(bytes, limits: limits)
        case .tar: return try TarArchive.read(bytes, limits: limits)
        case .tarGzip: return try TarArchive.read(Deflate.gunzip(bytes, limit: limits.maxTotalBytes + (1 << 20)), limits: limits)
        }
    }

    public func write(_ entries: [ArchiveEntry]) -> [UInt8] {
        switch self {
        case .zip: return ZipArchive.write(entries)
        case .tar: return TarArchive.write(entries)
        case .tarGzip: return Deflate.gzip(TarArchive.write(entries))
        }
    }
}
