/// Reads and writes zip archives (PKWARE APPNOTE): stored and deflate entries, read through the
/// central directory and checked against each local header.
///
/// Refused: encryption, zip64, multi-disk archives, other compression methods, symbolic links,
/// entries whose data overlap (the overlapping-file zip bomb), names that differ between the
/// central directory and the local header, sizes or CRC-32s that do not match the data.
public enum ZipArchive {
    static let localSignature = 0x0403_4B50
    static let centralSignature = 0x0201_4B50
    static let endSignature = 0x0605_4B50
    static let zip64LocatorSignature = 0x0706_4B50
    static let endRecordSize = 22

    public static func read(_ bytes: [UInt8], limits: ArchiveLimits = .standard) throws -> [ArchiveEntry] {
        let end = try endRecord(bytes)
        var collector = EntryCollector(limits: limits)
        var spans: [(range: Range<Int>, name: String)] = []
        var offset = end.directoryOffset
        for _ in 0..<end.entryCount {
            let central = try ZipCentralHeader(bytes, at: offset, directoryEnd: end.directoryOffset + end.directorySize)
            offset = central.nextOffset
            if central.isDirectory {
                guard central.uncompressedSize == 0 else {
                    throw ArchiveError("zip entry '\(ArchivePath.printable(central.name))' is a folder with \(central.uncompressedSize) bytes of data")
                }
                try collector.addDirectory(central.name)
                continue
            }
            try collector.checkDeclaredSize(UInt64(central.uncompressedSize), of: central.name)
            let dataRange = try localData(bytes, for: central, directoryOffset: end.directoryOffset)
            spans.append((central.localHeaderOffset..<dataRange.upperBound, central.name))
            let content = try contents(Array(bytes[dataRange]), of: central, remaining: collector.remainingBytes)
            try collector.addFile(central.name, bytes: content)
        }
        guard offset == end.directoryOffset + end.directorySize else {
            throw ArchiveError("the zip central directory is \(end.directorySize) bytes but its \(end.entryCount) entries use "
                + "\(offset - end.directoryOffset); the archive is corrupt")
        }
        try checkNoOverlap(spans)
        return try collector.finish()
    }

    struct EndRecord {
        let entryCount: Int
        let directorySize: Int
        let directoryOffset: Int
    }

    /// The end-of-central-directory record: the last 22 bytes, or before a comment that runs exactly to the end.
    static func endRecord(_ bytes: [UInt8]) throws -> EndRecord {
        guard bytes.count >= endRecordSize else {
            throw ArchiveError("the zip file is \(bytes.count) bytes, too short for its end record; it is truncated")
        }
        let lowest = max(0, bytes.count - endRecordSize - 0xFFFF)
        var position = bytes.count - endRecordSize
        while position >= lowest {
            if bytes.uint32(at: position) == endSignature, position + endRecordSize + bytes.uint16(at: position + 20) == bytes.count {
                break
            }
            position -= 1
        }
        guard position >= lowest else {
            throw ArchiveError("the zip file has no end-of-central-directory record; it is truncated or not a zip archive")
        }
        if position >= 20, bytes.uint32(at: position - 20) == zip64LocatorSignature {
            throw ArchiveError("the archive is a zip64 file; an adapter folder is small, so make an ordinary zip")
        }
        let disk = bytes.uint16(at: position + 4), directoryDisk = bytes.uint16(at: position + 6)
        let entriesHere = bytes.uint16(at: position + 8), entries = bytes.uint16(at: position + 10)
        let size = bytes.uint32(at: position + 12), offset = bytes.uint32(at: position + 16)
        guard entries != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else {
            throw ArchiveError("the archive is a zip64 file; an adapter folder is small, so make an ordinary zip")
        }
        guard disk == 0, directoryDisk == 0, entriesHere == entries else {
            throw ArchiveError("the zip archive spans several disks; send it as one file")
        }
        guard offset + size <= position else {
            throw ArchiveError("the zip central directory (\(size) bytes at \(offset)) lies outside the file; it is truncated or corrupt")
        }
        return EndRecord(entryCount: entries, directorySize: size, directoryOffset: offset)
    }

    /// Where the entry's data is, from its local header, which must agree with the central directory.
    static func localData(_ bytes: [UInt8], for central: ZipCentralHeader, directoryOffset: Int) throws -> Range<Int> {
        let shown = ArchivePath.printable(central.name)
        let offset = central.localHeaderOffset
        guard offset + 30 <= directoryOffset, bytes.uint32(at: offset) == localSignature else {
            throw ArchiveError("zip entry '\(shown)' points at \(offset), where no local header is; the archive is corrupt")
        }
        let nameLength = bytes.uint16(at: offset + 26), extraLength = bytes.uint16(at: offset + 28)
        let nameStart = offset + 30
        guard nameStart + nameLength + extraLength <= directoryOffset else {
            throw ArchiveError("zip entry '\(shown)': its local header runs into the central directory; the archive is corrupt")
        }
        guard Array(bytes[nameStart..<(nameStart + nameLength)]) == central.rawName else {
            throw ArchiveError("zip entry '\(shown)' has another name in its local header; the archive is corrupt or crafted")
        }
        guard bytes.uint16(at: offset + 8) == central.method else {
            throw ArchiveError("zip entry '\(shown)' has another compression method in its local header")
        }
        let dataStart = nameStart + nameLength + extraLength
        guard central.compressedSize <= directoryOffset - dataStart else {
            throw ArchiveError("zip entry '\(shown)' declares \(central.compressedSize) compressed bytes, more than the file holds; it is truncated")
        }
        return dataStart..<(dataStart + central.compressedSize)
    }

    static func contents(_ data: [UInt8], of central: ZipCentralHeader, remaining: Int) throws -> [UInt8] {
        let shown = ArchivePath.printable(central.name)
        let content: [UInt8]
        switch central.method {
        case 0:
            guard data.count == central.uncompressedSize else {
                throw ArchiveError("zip entry '\(shown)' is stored with \(data.count) bytes but declares \(central.uncompressedSize)")
            }
            content = data
        case 8:
            content = try Deflate.inflateRaw(data, limit: min(central.uncompressedSize, remaining), entry: shown)
            guard content.count == central.uncompressedSize else {
                throw ArchiveError("zip entry '\(shown)' inflates to \(content.count) bytes but declares \(central.uncompressedSize)")
            }
        default:
            throw ArchiveError("zip entry '\(shown)' uses compression method \(central.method); only stored (0) and deflate (8) are read")
        }
        guard CRC32.checksum(content) == central.crc32 else {
            throw ArchiveError("zip entry '\(shown)' fails its CRC-32 check; the archive is corrupt")
        }
        return content
    }

    static func checkNoOverlap(_ spans: [(range: Range<Int>, name: String)]) throws {
        let sorted = spans.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (first, second) in zip(sorted, sorted.dropFirst()) where first.range.overlaps(second.range) {
            throw ArchiveError("zip entries '\(ArchivePath.printable(first.name))' and '\(ArchivePath.printable(second.name))' "
                + "share their data; the archive is crafted (an overlapping zip bomb)")
        }
    }
}
