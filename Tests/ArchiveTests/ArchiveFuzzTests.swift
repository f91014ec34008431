@testable import Archive
import Testing
import Tensor

/// Seeded mutations of valid archives: every reader either returns entries within the limits or
/// throws an ArchiveError, never crashes, and stays fast.
@Suite(.timeLimit(.minutes(2))) struct ArchiveFuzzTests {
    static let limits = ArchiveLimits(maxEntries: 16, maxTotalBytes: 1 << 20)
    static let entries = [
        ArchiveEntry(name: "adapter/adapter_config.json", bytes: Array(#"{"peft_type":"PROMPT_TUNING","num_virtual_tokens":4}"#.utf8)),
        ArchiveEntry(name: "adapter/adapter_model.safetensors", bytes: noise(900)),
        ArchiveEntry(name: "adapter/zeros", bytes: [UInt8](repeating: 0, count: 3000)),
    ]

    static func probe(_ kind: ArchiveKind, _ bytes: [UInt8], _ label: @autoclosure () -> String) {
        do {
            let read = try kind.read(bytes, limits: limits)
            #expect(read.count <= limits.maxEntries, "\(label())")
            #expect(read.reduce(0) { $0 + $1.bytes.count } <= limits.maxTotalBytes, "\(label())")
            for entry in read { #expect((try? ArchivePath.validated(entry.name)) == entry.name, "\(label()): \(entry.name)") }
        } catch is ArchiveError {
        } catch {
            Issue.record("\(label()): threw \(error), not an ArchiveError")
        }
    }

    @Test(arguments: ArchiveKind.allCases)
    func everyTruncation(kind: ArchiveKind) {
        let bytes = kind.write(Self.entries)
        for length in 0..<bytes.count { Self.probe(kind, Array(bytes[..<length]), "\(kind) cut to \(length)") }
    }

    @Test(arguments: ArchiveKind.allCases)
    func randomByteChanges(kind: ArchiveKind) {
        let original = kind.write(Self.entries)
        var random = SplitMix64(seed: 42)
        for round in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 2: bytes[index] = [0x00, 0xFF, 0x2F, 0x2E, 0x37][Int.random(in: 0..<5, using: &random)]
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                }
            }
            Self.probe(kind, bytes, "\(kind) round \(round)")
        }
    }

    @Test func randomBytesWithEachMagic() {
        var random = SplitMix64(seed: 7)
        for round in 0..<2000 {
            let body = (0..<Int.random(in: 0..<2000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            Self.probe(.zip, [0x50, 0x4B, 0x03, 0x04] + body, "zip noise \(round)")
            Self.probe(.tarGzip, [0x1F, 0x8B, 0x08, 0x00] + body, "gzip noise \(round)")
            Self.probe(.tar, body + [UInt8](repeating: 0, count: 1024), "tar noise \(round)")
        }
    }
}

