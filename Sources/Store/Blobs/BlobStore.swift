import Foundation

/// Content-addressed files: DATA/blobs/ab/cd/<sha256hex>, written to DATA/tmp, fsynced, renamed.
/// The bytes are opaque here. A blob no row references is an orphan: `Store` deletes those,
/// so outside `Store` a bare `put` is only for tools and tests.
public final class BlobStore: @unchecked Sendable {
    /// DATA/blobs.
    public let directory: String
    /// DATA/tmp, where uploads in flight live until they are renamed into place.
    public let temporaryDirectory: String

    /// A store rooted at `directory`, staging through `temporaryDirectory` (same file system).
    public init(directory: String, temporaryDirectory: String) throws {
        self.directory = directory
        self.temporaryDirectory = temporaryDirectory
        try FileIO.makeDirectories(directory)
        try FileIO.makeDirectories(temporaryDirectory)
    }

    /// Stores `bytes` durably and returns their digest; identical content is kept once.
    public func put(_ bytes: [UInt8]) throws -> BlobRef {
        try install(try stage(bytes))
    }

    /// The bytes of blob `sha256`; with `verify`, also checks they still hash to `sha256`.
    public func read(_ sha256: String, verify: Bool = false) throws -> [UInt8] {
        let path = try path(for: sha256)
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readFile(at: path)
        } catch StoreError.io(_, _, ENOENT) {
            throw StoreError.blobMissing(sha256: sha256, path: path)
        }
        if verify {
            let actual = SHA256.hex(bytes)
            guard actual == sha256 else { throw StoreError.blobCorrupt(sha256: sha256, path: path, actualSHA256: actual) }
        }
        return bytes
    }

    /// The file path of blob `sha256` (whether or not it exists); throws for a malformed digest.
    public func path(for sha256: String) throws -> String {
        // Strict validation is what keeps a crafted digest ("../..") from naming a path outside blobs/.
        guard Hex.isLowercase(sha256, byteCount: SHA256.byteCount) else { throw StoreError.invalidDigest(sha256) }
        return "\(shardDirectory(for: sha256))/\(sha256)"
    }

    /// True when blob `sha256` is stored.
    public func contains(_ sha256: String) throws -> Bool {
        FileIO.fileExists(try path(for: sha256))
    }

    /// Deletes blob `sha256`; returns false when it was not stored.
    @discardableResult
    public func remove(_ sha256: String) throws -> Bool {
        try FileIO.removeFile(try path(for: sha256))
    }

    /// Hashes `bytes` and writes them, fsynced, to a fresh file in DATA/tmp.
    func stage(_ bytes: [UInt8]) throws -> StagedBlob {
        let sha256 = SHA256.hex(bytes)
        let temporaryPath = "\(temporaryDirectory)/\(Hex.encode(try SecureRandom.bytes(16))).part"
        try bytes.withUnsafeBytes { try FileIO.writeNewFileSynced($0, to: temporaryPath) }
        return StagedBlob(sha256: sha256, size: bytes.count, temporaryPath: temporaryPath)
    }

    /// Moves a staged file to its final path and fsyncs the directory, or drops it when the
    /// content is already stored. After this returns the blob survives a power loss.
    func install(_ staged: StagedBlob) throws -> BlobRef {
        let shard = shardDirectory(for: staged.sha256)
        let finalPath = "\(shard)/\(staged.sha256)"
        if FileIO.fileExists(finalPath) {
            // Renames only ever publish complete, fsynced files, so an existing one is whole.
            try FileIO.removeFile(staged.temporaryPath)
            return BlobRef(sha256: staged.sha256, size: staged.size, isNew: false)
        }
        do {
            try FileIO.makeDirectories(shard)
            try FileIO.rename(staged.temporaryPath, to: finalPath)
        } catch {
            discard(staged)
            throw error
        }
        try FileIO.syncDirectory(shard)
        return BlobRef(sha256: staged.sha256, size: staged.size, isNew: true)
    }

    /// Deletes a staged file that will not be installed.
    func discard(_ staged: StagedBlob) {
        _ = try? FileIO.removeFile(staged.temporaryPath)
    }

    /// Deletes everything in DATA/tmp (uploads a crash interrupted); returns how many entries went.
    func removeTemporaryFiles() throws -> Int {
        var removed = 0
        for name in try FileIO.entries(of: temporaryDirectory) {
            if try FileIO.removeFile("\(temporaryDirectory)/\(name)") { removed += 1 }
        }
        return removed
    }

    /// The digests of every stored blob (files whose name and shard match; anything else is ignored).
    func allDigests() throws -> [String] {
        var digests: [String] = []
        for first in try FileIO.entries(of: directory) where Hex.isLowercase(first, byteCount: 1) {
            for second in try FileIO.entries(of: "\(directory)/\(first)") where Hex.isLowercase(second, byteCount: 1) {
                for name in try FileIO.entries(of: "\(directory)/\(first)/\(second)")
                where Hex.isLowercase(name, byteCount: SHA256.byteCount) && name.hasPrefix(first + second) {
                    digests.append(name)
                }
            }
        }
        return digests
    }

    private func shardDirectory(for sha256: String) -> String {
        let utf8 = Array(sha256.utf8)
        return "\(directory)/\(String(decoding: utf8[0..<2], as: UTF8.self))/\(String(decoding: utf8[2..<4], as: UTF8.self))"
    }
}
