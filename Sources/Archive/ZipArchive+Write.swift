extension ZipArchive {
    /// A zip of `entries` in order: each deflated when that makes it smaller, else stored; Unix mode
    /// 0644, time 1980-01-01 00:00, so equal entries give equal bytes.
    public static func write(_ entries: [ArchiveEntry]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            precondition(name.count <= 0xFFFF && entry.bytes.count < 0xFFFF_FFFF, "entry too large for a zip without zip64")
            let deflated = Deflate.deflateRaw(entry.bytes)
            let (method, data) = deflated.count < entry.bytes.count ? (8, deflated) : (0, entry.bytes)
            let crc = Int(CRC32.checksum(entry.bytes))
            // Fields shared by the local header (from offset 4) and the central record (from offset 6).
            var common: [UInt8] = []
            common.append(uint16: 20)  // version needed: 2.0 (deflate)
            common.append(uint16: name.contains(where: { $0 >= 0x80 }) ? 0x0800 : 0)  // bit 11: UTF-8 names
            common.append(uint16: method)
            common.append(uint16: 0)  // time 00:00:00
            common.append(uint16: 0x21)  // date 1980-01-01
            common.append(uint32: crc)
            common.append(uint32: data.count)
            common.append(uint32: entry.bytes.count)
            common.append(uint16: name.count)
            common.append(uint16: 0)  // extra field length

            let localOffset = out.count
            out.append(uint32: localSignature)
            out.append(contentsOf: common)
            out.append(contentsOf: name)
            out.append(contentsOf: data)

            directory.append(uint32: centralSignature)
            directory.append(uint16: 3 << 8 | 20)  // made by: Unix, version 2.0
            directory.append(contentsOf: common)
            directory.append(uint16: 0)  // comment length
            directory.append(uint16: 0)  // disk number
            directory.append(uint16: 0)  // internal attributes
            directory.append(uint32: 0o100644 << 16)  // external attributes: regular file, rw-r--r--
            directory.append(uint32: localOffset)
            directory.append(contentsOf: name)
        }
        let directoryOffset = out.count
        out.append(contentsOf: directory)
        out.append(uint32: endSignature)
        out.append(uint16: 0)
        out.append(uint16: 0)
        out.append(uint16: entries.count)
        out.append(uint16: entries.count)
        out.append(uint32: directory.count)
        out.append(uint32: directoryOffset)
        out.append(uint16: 0)  // comment length
        return out
    }
}
