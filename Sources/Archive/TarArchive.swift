/// Reads and writes tar archives: POSIX ustar, GNU and v7 headers, pax extended headers
/// (`path`, `size`) and GNU long names on reading; plain ustar on writing.
///
/// Only regular files and folders are accepted. Links, devices and sparse files are refused by
/// name, as is anything after the end-of-archive blocks other than zero padding.
public enum TarArchive {
    static let blockSize = TarHeader.blockSize

    public static func read(_ bytes: [UInt8], limits: ArchiveLimits = .standard) throws -> [ArchiveEntry] {
        var collector = EntryCollector(limits: limits)
        var offset = 0
        var pending = PendingOverrides()
        while true {
            guard bytes.count - offset >= blockSize else {
                throw ArchiveError(offset == bytes.count
                    ? "the tar archive ends without its end-of-archive blocks; it is truncated"
                    : "the tar archive ends inside a header; it is truncated")
            }
            guard let header = try TarHeader(block: bytes[offset..<(offset + blockSize)]) else {
                // End of archive: what follows may only be zero padding.
                guard bytes[(offset + blockSize)...].allSatisfy({ $0 == 0 }) else {
                    throw ArchiveError("the tar archive has data after its end-of-archive block; send one archive")
                }
                guard pending.isEmpty else { throw ArchiveError("the tar archive ends after an extended header with no entry") }
                return try collector.finish()
            }
            offset += blockSize
            let name = pending.path ?? header.name
            let size = pending.size ?? header.size
            try collector.checkDeclaredSize(size, of: name)
            let length = Int(size)
            guard bytes.count - offset >= length else {
                throw ArchiveError("tar entry '\(ArchivePath.printable(name))' declares \(length) bytes but the archive ends "
                    + "after \(bytes.count - offset); it is truncated")
            }
            let data = bytes[offset..<(offset + length)]
            offset += (length + blockSize - 1) / blockSize * blockSize
            guard offset <= bytes.count else {
                throw ArchiveError("tar entry '\(ArchivePath.printable(name))' is not padded to a whole block; the archive is truncated")
            }
            switch header.typeflag {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                pending = PendingOverrides()
                try collector.addFile(name, bytes: Array(data))
            case UInt8(ascii: "5"):
                pending = PendingOverrides()
                try collector.addDirectory(name)
            case UInt8(ascii: "x"):
                try collector.account(metadataBytes: length, of: name)
                pending = try PendingOverrides(pax: data, after: pending)
            case UInt8(ascii: "g"):
                try collector.account(metadataBytes: length, of: name)  // global defaults (mtime, owner...): nothing the hub uses
            case UInt8(ascii: "L"):
                try collector.account(metadataBytes: length, of: name)
                pending.path = TarHeader.string(data)
            default:
                throw ArchiveError("tar entry '\(ArchivePath.printable(name))' is \(kindName(header.typeflag)); "
                    + "only regular files and folders are accepted")
            }
        }
    }

    static func kindName(_ typeflag: UInt8) -> String {
        switch typeflag {
        case UInt8(ascii: "1"): return "a hard link"
        case UInt8(ascii: "2"): return "a symbolic link"
        case UInt8(ascii: "K"): return "a long link name"
        case UInt8(ascii: "3"), UInt8(ascii: "4"): return "a device"
        case UInt8(ascii: "6"): return "a FIFO"
        case UInt8(ascii: "S"): return "a sparse file"
        default: return "of tar type '\(ArchivePath.printable(String(UnicodeScalar(typeflag))))'"
        }
    }

    /// ustar entries for `entries` (names of at most 100 bytes, or 255 split at a '/'), mode 0644,
    /// owner 0 and time 0, so equal entries give equal bytes; ends with the two zero blocks.
    public static func write(_ entries: [ArchiveEntry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            out.append(contentsOf: header(name: entry.name, size: entry.bytes.count))
            out.append(contentsOf: entry.bytes)
            out.append(contentsOf: repeatElement(0, count: (blockSize - entry.bytes.count % blockSize) % blockSize))
        }
        out.append(contentsOf: repeatElement(0, count: 2 * blockSize))
        return out
    }

    static func header(name: String, size: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: blockSize)
        func put(_ text: String, at offset: Int, length: Int) {
            let bytes = Array(text.utf8)
            precondition(bytes.count <= length, "tar field '\(text)' is longer than \(length) bytes")
            block.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: length - 1 - digits.count) + digits, at: offset, length: length - 1)
        }
        let (prefix, base) = split(name)
        put(base, at: 0, length: 100)
        octal(0o644, at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(size, at: 124, length: 12)
        octal(0, at: 136, length: 12)
        block[156] = UInt8(ascii: "0")
        put("ustar\u{0}00", at: 257, length: 8)
        put(prefix, at: 345, length: 155)
        let sum = block.enumerated().reduce(0) { $0 + ((148..<156).contains($1.offset) ? 0x20 : Int($1.element)) }
        octal(sum, at: 148, length: 7)  // six digits, NUL, then the space that ends the field
        block[155] = UInt8(ascii: " ")
        return block
    }
}

extension TarArchive {
    /// ustar keeps names over 100 bytes as a prefix (up to 155 bytes) and a name, split at a '/'.
    static func split(_ path: String) -> (prefix: String, name: String) {
        let bytes = Array(path.utf8)
        guard bytes.count > 100 else { return ("", path) }
        let slash = bytes.indices.first { bytes[$0] == UInt8(ascii: "/") && bytes.count - $0 - 1 <= 100 }
        guard let slash, slash <= 155 else { preconditionFailure("'\(path)' is too long for a ustar header") }
        return (String(decoding: bytes[..<slash], as: UTF8.self), String(decoding: bytes[(slash + 1)...], as: UTF8.self))
    }
}

/// What pax and GNU long-name headers say about the entry that follows them.
struct PendingOverrides {
    var path: String?
    var size: UInt64?

    init() {}

    var isEmpty: Bool { path == nil && size == nil }

    /// Records `LENGTH KEY=VALUE\n`, LENGTH counting the whole record.
    init(pax data: ArraySlice<UInt8>, after previous: PendingOverrides) throws {
        self = previous
        var position = data.startIndex
        while position < data.endIndex {
            guard let space = data[position...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[position..<space], as: UTF8.self)), length > 0,
                  position + length <= data.endIndex, data[position + length - 1] == UInt8(ascii: "\n"),
                  let equals = data[(space + 1)..<(position + length)].firstIndex(of: UInt8(ascii: "=")) else {
                throw ArchiveError("a tar pax header has a malformed record; the archive is corrupt")
            }
            let key = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            let value = data[(equals + 1)..<(position + length - 1)]
            switch key {
            case "path":
                path = String(decoding: value, as: UTF8.self)
            case "size":
                guard let number = UInt64(String(decoding: value, as: UTF8.self)) else {
                    throw ArchiveError("a tar pax header has size '\(ArchivePath.printable(String(decoding: value, as: UTF8.self)))', not a number")
                }
                size = number
            case "linkpath":
                throw ArchiveError("a tar pax header names a link target; links are not accepted")
            default:
                break  // times, owners, charset: nothing the contents depend on
            }
            position += length
        }
    }
}
