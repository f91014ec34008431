/// One 512-byte tar header block (POSIX ustar, GNU, or old v7), parsed and checksum-verified.
struct TarHeader {
    static let blockSize = 512

    let name: String
    let size: UInt64
    let typeflag: UInt8

    /// nil for an all-zero block (the end-of-archive marker).
    init?(block: ArraySlice<UInt8>) throws {
        precondition(block.count == Self.blockSize)
        let base = block.startIndex
        func field(_ offset: Int, _ length: Int) -> ArraySlice<UInt8> { block[(base + offset)..<(base + offset + length)] }
        if block.allSatisfy({ $0 == 0 }) { return nil }

        guard let recorded = Self.octal(field(148, 8)) else {
            throw ArchiveError("a tar header's checksum field is not an octal number; the file is not a tar archive or is corrupt")
        }
        // The checksum treats its own eight bytes as spaces.
        var sum: UInt64 = 0
        for (index, byte) in block.enumerated() { sum += (148..<156).contains(index) ? 0x20 : UInt64(byte) }
        guard sum == recorded else {
            throw ArchiveError("a tar header's checksum is \(recorded) but its bytes sum to \(sum); the archive is corrupt")
        }

        var name = Self.string(field(0, 100))
        let magic = Array(field(257, 8))
        let isPOSIX = magic.starts(with: Array("ustar\0".utf8))
        if isPOSIX {
            let prefix = Self.string(field(345, 155))
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        self.name = name
        typeflag = block[base + 156]
        guard let size = Self.size(field(124, 12)) else {
            throw ArchiveError("tar entry '\(ArchivePath.printable(name))' has a size field that is not a number; the archive is corrupt")
        }
        self.size = size
    }

    /// NUL-terminated (or full-length) UTF-8.
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// An octal field: optional leading spaces, digits, then NUL or spaces.
    static func octal(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        var ended = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7") where !ended:
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 8)
                guard !overflow else { return nil }
                value = shifted + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: " ") where digits == 0 && !ended:
                continue
            case 0, UInt8(ascii: " "):
                ended = true
            default:
                return nil
            }
        }
        return digits > 0 ? value : nil
    }

    /// Octal, or GNU's base-256 (first byte 0x80, then big-endian) for sizes of 8 GiB and more.
    static func size(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        guard let first = bytes.first, first & 0x80 != 0 else { return octal(bytes) }
        guard first == 0x80 else { return nil }  // negative or reserved
        var value: UInt64 = 0
        for byte in bytes.dropFirst() {
            guard value >> 56 == 0 else { return nil }
            value = value << 8 | UInt64(byte)
        }
        return value
    }
}
