@testable import Archive
import Foundation
import Testing

/// Archives crafted to escape the folder, to exhaust memory or to say two things at once: each is
/// an ArchiveError naming the problem, never a crash and never a partial result.
@Suite struct HostileArchiveTests {
    static func file(_ name: String, _ bytes: [UInt8] = Array("data".utf8)) -> ArchiveEntry {
        ArchiveEntry(name: name, bytes: bytes)
    }

    @Test(arguments: [
        ("../evil", "'..' path component"), ("a/../../evil", "'..' path component"), ("/etc/passwd", "absolute path"),
        ("a//b", "'//' path component"), ("a\\..\\b", "backslash"), ("a/./b", "'.' path component"), ("bad\u{1}name", "control character"),
    ])
    func namesThatLeaveTheFolderAreRefused(name: String, reason: String) {
        for kind in ArchiveKind.allCases {
            expectRefused(reason) { try kind.read(kind.write([Self.file("ok"), Self.file(name)])) }
        }
    }

    @Test func leadingDotSlashIsTheSameName() throws {
        #expect(try TarArchive.read(TarArchive.write([Self.file("./a")])).map(\.name) == ["a"])
        expectRefused("appears twice") { try TarArchive.read(TarArchive.write([Self.file("a"), Self.file("./a")])) }
    }

    @Test(arguments: ArchiveKind.allCases)
    func duplicateNamesAreRefused(kind: ArchiveKind) {
        expectRefused("'x/adapter_config.json' appears twice") {
            try kind.read(kind.write([Self.file("x/adapter_config.json"), Self.file("y"), Self.file("x/adapter_config.json")]))
        }
        expectRefused("is both a file and the folder") { try kind.read(kind.write([Self.file("a"), Self.file("a/b")])) }
    }

    @Test func tarLinksDevicesAndFifosAreRefused() {
        let tar = TarArchive.write([Self.file("link")])
        for (flag, what) in [("2", "a symbolic link"), ("1", "a hard link"), ("3", "a device"), ("6", "a FIFO"), ("S", "a sparse file")] {
            expectRefused("tar entry 'link' is \(what)") { try TarArchive.read(Hostile.tar(tar, typeflag: Character(flag))) }
        }
    }

    @Test func zipSymlinksAndEncryptionAreRefused() {
        var zip = ZipArchive.write([Self.file("link", Array("../../etc/passwd".utf8))])
        let central = Hostile.centralOffsets(zip)[0]
        Hostile.put32(0o120777 << 16, at: central + 38, in: &zip)
        expectRefused("'link' is a symbolic link") { try ZipArchive.read(zip) }

        var encrypted = ZipArchive.write([Self.file("secret")])
        Hostile.put16(1, at: Hostile.centralOffsets(encrypted)[0] + 8, in: &encrypted)
        expectRefused("'secret' is encrypted") { try ZipArchive.read(encrypted) }
    }

    @Test func declaredSizesBeyondTheLimitAreRefusedBeforeReading() {
        let limits = ArchiveLimits(maxEntries: 8, maxTotalBytes: 1 << 20)
        // A tar header claiming 8 GiB (octal and GNU base-256) over a few bytes of data.
        let tar = TarArchive.write([Self.file("big")])
        expectRefused("declares 8589934592 bytes") { try TarArchive.read(Hostile.tar(tar, sizeField: "100000000000"), limits: limits) }
        var base256 = tar
        base256.replaceSubrange(124..<136, with: [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0])
        expectRefused("declares 256 bytes") {
            try TarArchive.read(Hostile.rechecksummed(base256, block: 0), limits: ArchiveLimits(maxEntries: 8, maxTotalBytes: 100))
        }
        // A zip entry declaring 4 GiB - 2.
        var zip = ZipArchive.write([Self.file("big")])
        Hostile.put32(0xFFFF_FFFE, at: Hostile.centralOffsets(zip)[0] + 24, in: &zip)
        expectRefused("declares 4294967294 bytes") { try ZipArchive.read(zip, limits: limits) }
    }

    @Test func zipBombsStopAtTheLimit() {
        let limits = ArchiveLimits(maxEntries: 8, maxTotalBytes: 1 << 20)
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        // Honest sizes: refused on the declared size, before inflating.
        let honest = ZipArchive.write([Self.file("bomb", zeros)])
        #expect(honest.count < 20_000)
        expectRefused("declares 8388608 bytes") { try ZipArchive.read(honest, limits: limits) }
        // Lying sizes: inflating stops at the declared size.
        var lying = honest
        let central = Hostile.centralOffsets(lying)[0]
        Hostile.put32(1000, at: central + 24, in: &lying)
        Hostile.put32(1000, at: 22, in: &lying)
        expectRefused("inflates to more than 1000 bytes") { try ZipArchive.read(lying, limits: limits) }
        // Many entries that each fit but together do not.
        let many = ZipArchive.write((0..<6).map { Self.file("part\($0)", [UInt8](repeating: 0, count: 300_000)) })
        expectRefused("declares 300000 bytes") { try ZipArchive.read(many, limits: limits) }
        expectRefused("more than 8 entries") { try ZipArchive.read(ZipArchive.write((0..<9).map { Self.file("f\($0)") }), limits: limits) }
    }

    @Test func gzipBombsStopAtTheLimit() {
        let limits = ArchiveLimits(maxEntries: 8, maxTotalBytes: 1 << 20)
        let bomb = ArchiveKind.tarGzip.write([Self.file("zeros", [UInt8](repeating: 0, count: 16 << 20))])
        #expect(bomb.count < 100_000)
        expectRefused("inflates to more than") { try ArchiveKind.tarGzip.read(bomb, limits: limits) }
    }

    @Test func overlappingZipEntriesAreRefused() {
        // Two central records pointing at the same local header and data: Fifield's overlapping bomb, in small.
        var zip = ZipArchive.write([Self.file("a"), Self.file("b")])
        let offsets = Hostile.centralOffsets(zip)
        Hostile.put32(0, at: offsets[1] + 42, in: &zip)
        expectRefused("another name in its local header") { try ZipArchive.read(zip) }
        // Entry b's local header and data hidden inside entry a's stored data: both headers are valid,
        // so only the overlap check can tell.
        let inner = ZipArchive.write([Self.file("b", noise(2000))])
        let innerDirectory = inner.uint32(at: inner.count - 22 + 16)
        var outer = ZipArchive.write([Self.file("a", Array(inner[..<innerDirectory]))])
        #expect(outer.uint16(at: 8) == 0, "a is stored, so b's header lies in it verbatim")
        var record = Array(inner[innerDirectory..<(inner.count - 22)])
        Hostile.put32(31, at: 42, in: &record)  // a's data starts after its 30-byte header and 1-byte name
        let end = outer.count - 22
        outer.insert(contentsOf: record, at: end)
        Hostile.put16(2, at: end + record.count + 8, in: &outer)
        Hostile.put16(2, at: end + record.count + 10, in: &outer)
        Hostile.put32(outer.uint32(at: end + record.count + 12) + record.count, at: end + record.count + 12, in: &outer)
        expectRefused("'a' and 'b' share their data") { try ZipArchive.read(outer) }
    }

    @Test func unsupportedZipFeaturesAreNamed() {
        var method = ZipArchive.write([Self.file("x")])
        Hostile.put16(12, at: 8, in: &method)
        Hostile.put16(12, at: Hostile.centralOffsets(method)[0] + 10, in: &method)
        expectRefused("compression method 12") { try ZipArchive.read(method) }
        var zip64 = ZipArchive.write([Self.file("x")])
        Hostile.put32(0xFFFF_FFFF, at: zip64.count - 22 + 16, in: &zip64)
        expectRefused("zip64") { try ZipArchive.read(zip64) }
        var corrupt = ZipArchive.write([Self.file("x", Array("hello".utf8))])
        corrupt[30 + 1] ^= 0xFF  // the stored data's first byte
        expectRefused("CRC-32") { try ZipArchive.read(corrupt) }
    }

    @Test func truncatedAndPaddedArchivesAreRefused() throws {
        let tar = TarArchive.write([Self.file("a", [UInt8](repeating: 7, count: 600))])
        expectRefused("without its end-of-archive blocks") { try TarArchive.read(Array(tar[..<1536])) }
        expectRefused("declares 600 bytes but the archive ends") { try TarArchive.read(Array(tar[..<700])) }
        expectRefused("data after its end-of-archive block") { try TarArchive.read(tar + TarArchive.write([Self.file("hidden")])) }
        #expect(try TarArchive.read(tar + [UInt8](repeating: 0, count: 8192)).count == 1, "zero padding after the end is fine")
        var badChecksum = tar
        badChecksum[0] = UInt8(ascii: "b")
        expectRefused("checksum") { try TarArchive.read(badChecksum) }
        let zip = ZipArchive.write([Self.file("a")])
        expectRefused("no end-of-central-directory record") { try ZipArchive.read(Array(zip.dropLast(1))) }
        let gz = ArchiveKind.tarGzip.write([Self.file("a")])
        expectRefused("truncated") { try ArchiveKind.tarGzip.read(Array(gz.dropLast(20))) }
        expectRefused("not another gzip member") { try ArchiveKind.tarGzip.read(gz + [1, 2, 3]) }
    }
}
