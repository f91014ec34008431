/// One central-directory record of a zip archive, with the checks that need nothing else.
struct ZipCentralHeader {
    let rawName: [UInt8]
    let name: String
    let method: Int
    let crc32: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    let localHeaderOffset: Int
    let isDirectory: Bool
    /// Where the next record starts.
    let nextOffset: Int

    static let fixedSize = 46

    init(_ bytes: [UInt8], at offset: Int, directoryEnd: Int) throws {
        guard offset + Self.fixedSize <= directoryEnd, bytes.uint32(at: offset) == ZipArchive.centralSignature else {
            throw ArchiveError("the zip central directory is cut short or corrupt at byte \(offset)")
        }
        let nameLength = bytes.uint16(at: offset + 28)
        let extraLength = bytes.uint16(at: offset + 30), commentLength = bytes.uint16(at: offset + 32)
        nextOffset = offset + Self.fixedSize + nameLength + extraLength + commentLength
        guard nextOffset <= directoryEnd else {
            throw ArchiveError("a zip central directory record runs past the directory's end; the archive is corrupt")
        }
        rawName = Array(bytes[(offset + Self.fixedSize)..<(offset + Self.fixedSize + nameLength)])
        guard let decoded = String(validating: rawName, as: UTF8.self) else {
            throw ArchiveError("a zip entry's name is not UTF-8; make the archive with UTF-8 names")
        }
        name = decoded
        let shown = ArchivePath.printable(decoded)
        let flags = bytes.uint16(at: offset + 8)
        guard flags & 0x41 == 0 else { throw ArchiveError("zip entry '\(shown)' is encrypted; send it unencrypted") }
        method = bytes.uint16(at: offset + 10)
        crc32 = UInt32(bytes.uint32(at: offset + 16))
        compressedSize = bytes.uint32(at: offset + 20)
        uncompressedSize = bytes.uint32(at: offset + 24)
        guard compressedSize != 0xFFFF_FFFF, uncompressedSize != 0xFFFF_FFFF else {
            throw ArchiveError("zip entry '\(shown)' uses zip64 sizes; an adapter folder is small, so make an ordinary zip")
        }
        guard bytes.uint16(at: offset + 34) == 0 else { throw ArchiveError("zip entry '\(shown)' is on another disk") }
        localHeaderOffset = bytes.uint32(at: offset + 42)

        // Made on Unix (3): the high half of the external attributes is the file mode.
        let madeOnUnix = bytes[offset + 5] == 3
        let fileType = madeOnUnix ? (bytes.uint32(at: offset + 38) >> 16) & 0o170000 : 0
        switch fileType {
        case 0, 0o100000, 0o040000: break
        case 0o120000: throw ArchiveError("zip entry '\(shown)' is a symbolic link; only regular files and folders are accepted")
        default: throw ArchiveError("zip entry '\(shown)' is a special file; only regular files and folders are accepted")
        }
        isDirectory = decoded.hasSuffix("/") || fileType == 0o040000
    }
}
