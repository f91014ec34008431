@testable import Archive
import Foundation
import Testing
import TestSupport

/// The writers' output read back by the readers and by Python's tarfile and zipfile, and
/// archives Python makes (pax, GNU, ustar tar; stored and deflated zip; folders) read by the readers.
@Suite struct RoundTripTests {
    static let entries = [
        ArchiveEntry(name: "adapter/adapter_config.json", bytes: Array("{\"peft_type\": \"PROMPT_TUNING\"}\n".utf8)),
        ArchiveEntry(name: "adapter/adapter_model.safetensors", bytes: noise(5000)),
        ArchiveEntry(name: "adapter/empty", bytes: []),
        ArchiveEntry(name: "adapter/zeros", bytes: [UInt8](repeating: 0, count: 70_000)),
    ]

    @Test(arguments: ArchiveKind.allCases)
    func writerAndReaderAgree(kind: ArchiveKind) throws {
        let bytes = kind.write(Self.entries)
        #expect(ArchiveKind.sniff(bytes) == kind)
        #expect(try kind.read(bytes) == Self.entries)
        #expect(kind.write(Self.entries) == bytes, "equal entries give equal bytes")
    }

    @Test func zipDeflatesWhatShrinksAndStoresTheRest() throws {
        let zip = ZipArchive.write(Self.entries)
        let methods = Hostile.centralOffsets(zip).map { zip.uint16(at: $0 + 10) }
        #expect(methods == [0, 0, 0, 8], "short JSON, pseudo-random bytes and nothing stay stored; zeros deflate")
    }

    @Test(arguments: ArchiveKind.allCases)
    func pythonReadsWhatTheWriterMakes(kind: ArchiveKind) throws {
        let directory = TemporaryDirectory(prefix: "archive-out")
        let path = directory.file("a.\(kind.fileExtension)")
        try Data(kind.write(Self.entries)).write(to: URL(fileURLWithPath: path))
        let listing = try python("""
            import sys, tarfile, zipfile, hashlib
            p = sys.argv[1]
            if p.endswith('.zip'):
                z = zipfile.ZipFile(p); assert z.testzip() is None
                items = [(i.filename, hashlib.sha256(z.read(i)).hexdigest()) for i in z.infolist()]
            else:
                t = tarfile.open(p)
                items = [(m.name, hashlib.sha256(t.extractfile(m).read()).hexdigest()) for m in t.getmembers()]
            for name, digest in items: print(name, digest)
            """, [path])
        let expected = try Self.entries.map { "\($0.name) \(try sha256(of: $0.bytes))" }
        #expect(listing.output.split(separator: "\n").map(String.init) == expected)
    }

    @Test(arguments: ["tar-pax", "tar-gnu", "tar-ustar", "tar.gz", "zip-deflated", "zip-stored", "zip-streamed"])
    func readsWhatPythonMakes(variant: String) throws {
        let directory = TemporaryDirectory(prefix: "archive-in")
        let path = directory.file("archive")
        // A long name forces a pax record (pax), a ././@LongLink entry (GNU) or the prefix field (ustar).
        let long = "adapter/" + String(repeating: "d", count: 60) + "/" + String(repeating: "n", count: 70) + ".json"
        _ = try python("""
            import io, sys, tarfile, zipfile
            path, variant, long = sys.argv[1], sys.argv[2], sys.argv[3]
            files = {'adapter/adapter_config.json': b'{"a": 1}', long: b'x' * 3000, 'adapter/zeros': bytes(100000)}
            class Unseekable(io.RawIOBase):  # zipfile then writes data descriptors after each entry (flag bit 3)
                def __init__(self, f): self.f = f
                def writable(self): return True
                def write(self, b): return self.f.write(b)
            if variant == 'zip-streamed':
                with open(path, 'wb') as f, zipfile.ZipFile(Unseekable(f), 'w', zipfile.ZIP_DEFLATED) as z:
                    for name, data in files.items():
                        with z.open(name, 'w') as entry: entry.write(data)
            elif variant.startswith('zip'):
                method = zipfile.ZIP_DEFLATED if variant == 'zip-deflated' else zipfile.ZIP_STORED
                with zipfile.ZipFile(path, 'w', method) as z:
                    z.writestr('adapter/', b'')
                    for name, data in files.items(): z.writestr(name, data)
            else:
                fmt = {'tar-pax': tarfile.PAX_FORMAT, 'tar-gnu': tarfile.GNU_FORMAT, 'tar-ustar': tarfile.USTAR_FORMAT, 'tar.gz': tarfile.PAX_FORMAT}[variant]
                with tarfile.open(path, 'w:gz' if variant == 'tar.gz' else 'w', format=fmt) as t:
                    d = tarfile.TarInfo('adapter'); d.type = tarfile.DIRTYPE; t.addfile(d)
                    for name, data in files.items():
                        info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
            """, [path, variant, long])
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let kind = try #require(ArchiveKind.sniff(bytes), "\(variant) is recognised by its first bytes")
        let read = try kind.read(bytes)
        #expect(read.map(\.name) == ["adapter/adapter_config.json", long, "adapter/zeros"])
        #expect(read[1].bytes == Array(repeating: UInt8(ascii: "x"), count: 3000))
        #expect(read[2].bytes == [UInt8](repeating: 0, count: 100_000))
    }

    @Test func mediaTypesNameTheKinds() {
        #expect(ArchiveKind(mediaType: "application/zip") == .zip)
        #expect(ArchiveKind(mediaType: "Application/X-Tar; charset=binary") == .tar)
        #expect(ArchiveKind(mediaType: "application/gzip") == .tarGzip)
        #expect(ArchiveKind(mediaType: "application/json") == nil)
        #expect(ArchiveKind.sniff(Array("{\"a\":1}".utf8)) == nil)
    }
}

func sha256(of bytes: [UInt8]) throws -> String {
    let result = try runProcess("python3", ["-c", "import sys, hashlib; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())"],
                                input: Data(bytes))
    return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Bytes that do not compress (xorshift64).
func noise(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state >> 24)
    }
}
