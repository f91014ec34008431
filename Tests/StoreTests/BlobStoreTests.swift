import Foundation
import Testing
@testable import Store

@Suite struct BlobStoreTests {
    private func withBlobs(_ body: (BlobStore, TemporaryDirectory) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try body(try BlobStore(directory: directory.child("blobs"), temporaryDirectory: directory.child("tmp")), directory)
    }

    @Test func putStoresUnderTheShardedDigestPath() throws {
        try withBlobs { blobs, directory in
            let bytes = tensorBytes(1, count: 1000)
            let ref = try blobs.put(bytes)
            #expect(ref == BlobRef(sha256: SHA256.hex(bytes), size: 1000, isNew: true))
            let expected = directory.child("blobs") + "/\(ref.sha256.prefix(2))/\(ref.sha256.dropFirst(2).prefix(2))/\(ref.sha256)"
            #expect(try blobs.path(for: ref.sha256) == expected)
            #expect(FileIO.fileExists(expected))
            #expect(try blobs.read(ref.sha256, verify: true) == bytes)
            #expect(try blobs.contains(ref.sha256))
            #expect(try FileIO.entries(of: blobs.temporaryDirectory).isEmpty)
        }
    }

    @Test func identicalContentIsStoredOnce() throws {
        try withBlobs { blobs, _ in
            let bytes = tensorBytes(2)
            #expect(try blobs.put(bytes).isNew)
            let again = try blobs.put(bytes)
            #expect(!again.isNew)
            #expect(try blobs.allDigests() == [again.sha256])
            #expect(try FileIO.entries(of: blobs.temporaryDirectory).isEmpty)
        }
    }

    @Test func emptyBlobIsAValidBlob() throws {
        try withBlobs { blobs, _ in
            let ref = try blobs.put([])
            #expect(ref.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            #expect(try blobs.read(ref.sha256) == [])
        }
    }

    @Test func malformedDigestsAreRejectedBeforeTouchingTheFileSystem() throws {
        try withBlobs { blobs, _ in
            let valid = SHA256.hex("x")
            for bad in ["", "../../etc/passwd", "../" + valid.dropFirst(3), valid.uppercased(), valid + "/",
                        String(valid.dropLast()) + "g", valid + "\u{0}", " " + valid.dropFirst()] {
                #expect(throws: StoreError.invalidDigest(bad)) { try blobs.path(for: bad) }
                #expect(throws: StoreError.invalidDigest(bad)) { try blobs.read(bad) }
                #expect(throws: StoreError.invalidDigest(bad)) { try blobs.remove(bad) }
            }
        }
    }

    @Test func missingAndCorruptBlobsAreReported() throws {
        try withBlobs { blobs, _ in
            let absent = SHA256.hex("never stored")
            #expect(throws: StoreError.blobMissing(sha256: absent, path: try blobs.path(for: absent))) {
                try blobs.read(absent)
            }
            let ref = try blobs.put(tensorBytes(5))
            let path = try blobs.path(for: ref.sha256)
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
            #expect(try blobs.read(ref.sha256) == [1, 2, 3])  // unverified reads trust the file
            #expect(throws: StoreError.blobCorrupt(sha256: ref.sha256, path: path, actualSHA256: SHA256.hex([1, 2, 3]))) {
                try blobs.read(ref.sha256, verify: true)
            }
            #expect(try blobs.remove(ref.sha256))
            #expect(try !blobs.remove(ref.sha256))
        }
    }
}
