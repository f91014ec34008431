@testable import Archive
import Foundation
import Testing
import TestSupport

/// Patches archives made by the writers into the hostile shapes the readers must refuse.
enum Hostile {
    /// Sets a tar header's type flag (the first header unless `block` says otherwise) and fixes its checksum.
    static func tar(_ bytes: [UInt8], typeflag: Character, block: Int = 0) -> [UInt8] {
        var out = bytes
        out[block * 512 + 156] = UInt8(ascii: typeflag.unicodeScalars.first!)
        return rechecksummed(out, block: block)
    }

    /// Overwrites a tar header's size field with `octal` (12 bytes) and fixes its checksum.
    static func tar(_ bytes: [UInt8], sizeField octal: String) -> [UInt8] {
        var out = bytes
        let field = Array(octal.utf8) + [UInt8](repeating: 0, count: 12 - octal.utf8.count)
        out.replaceSubrange(124..<136, with: field)
        return rechecksummed(out, block: 0)
    }

    static func rechecksummed(_ bytes: [UInt8], block: Int) -> [UInt8] {
        var out = bytes
        let start = block * 512
        let sum = (0..<512).reduce(0) { $0 + ((148..<156).contains($1) ? 0x20 : Int(out[start + $1])) }
        let digits = Array(String(sum, radix: 8).utf8)
        let field = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits + [0, UInt8(ascii: " ")]
        out.replaceSubrange((start + 148)..<(start + 156), with: field)
        return out
    }

    /// Offsets of the zip's central-directory records, in order.
    static func centralOffsets(_ zip: [UInt8]) -> [Int] {
        let end = zip.count - 22
        var offset = zip.uint32(at: end + 16)
        var offsets: [Int] = []
        while offset < end, zip.uint32(at: offset) == ZipArchive.centralSignature {
            offsets.append(offset)
            offset += 46 + zip.uint16(at: offset + 28) + zip.uint16(at: offset + 30) + zip.uint16(at: offset + 32)
        }
        return offsets
    }

    static func put32(_ value: Int, at offset: Int, in bytes: inout [UInt8]) {
        for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * i)) & 0xFF) }
    }

    static func put16(_ value: Int, at offset: Int, in bytes: inout [UInt8]) {
        for i in 0..<2 { bytes[offset + i] = UInt8((value >> (8 * i)) & 0xFF) }
    }
}

/// Runs Python's standard library (tarfile, zipfile) as the independent implementation.
func python(_ script: String, _ arguments: [String] = []) throws -> ProcessResult {
    let result = try runProcess("python3", ["-c", script] + arguments)
    #expect(result.status == 0, "python3 failed: \(result.stderr)")
    return result
}

/// Expects `body` to throw an ArchiveError whose message contains `fragment`.
func expectRefused(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any) {
    do {
        let value = try body()
        Issue.record("accepted, expected an error containing '\(fragment)': \(value)", sourceLocation: sourceLocation)
    } catch let error as ArchiveError {
        #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("threw \(error), not an ArchiveError", sourceLocation: sourceLocation)
    }
}
