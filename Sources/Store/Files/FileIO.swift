import Foundation

/// The few POSIX file operations the store needs, with the fsyncs that make them durable.
/// Every failure becomes StoreError.io naming the operation and the path.
enum FileIO {
    /// Creates `path` (which must not exist), writes all of `bytes`, fsyncs and closes it.
    static func writeNewFileSynced(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw error("create", path) }
        do {
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw error("write", path)
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw error("fsync", path) }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        guard close(fd) == 0 else { throw error("close", path) }
    }

    /// The whole content of the file at `path`.
    static func readFile(at path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw error("stat", path) }
        let size = Int(status.st_size)
        var failure: StoreError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size {
                let got = read(fd, buffer.baseAddress! + offset, size - offset)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failure = error("read", path); break }
                if got == 0 { failure = .io(operation: "read (file shrank)", path: path, errno: EIO); break }
                offset += got
            }
            count = failure == nil ? size : 0
        }
        if let failure { throw failure }
        return bytes
    }

    /// fsyncs a directory so that entries created, renamed or removed in it survive a power loss.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open directory", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw error("fsync directory", path) }
    }

    /// Creates the directory `path` unless it exists; returns true when it was created.
    @discardableResult
    static func makeDirectory(_ path: String) throws -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        guard errno == EEXIST, isDirectory(path) else { throw error("mkdir", path) }
        return false
    }

    /// Creates `path` and any missing parents, fsyncing each parent that gained an entry.
    static func makeDirectories(_ path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, !isDirectory(parent) { try makeDirectories(parent) }
        if try makeDirectory(path), !parent.isEmpty { try syncDirectory(parent) }
    }

    /// Atomically moves `source` to `destination`, replacing it if present.
    static func rename(_ source: String, to destination: String) throws {
        guard Foundation.rename(source, destination) == 0 else { throw error("rename to '\(destination)'", source) }
    }

    /// Removes the file at `path`; returns false when it did not exist.
    @discardableResult
    static func removeFile(_ path: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        guard errno == ENOENT else { throw error("unlink", path) }
        return false
    }

    /// Removes the directory at `path` when it is empty; returns true when it was removed.
    @discardableResult
    static func removeDirectoryIfEmpty(_ path: String) -> Bool {
        rmdir(path) == 0
    }

    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Names in a directory (no "." or ".."); empty when the directory does not exist.
    static func entries(of path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return [] }
            throw error("opendir", path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The error for the failed call just made (reads errno).
    static func error(_ operation: String, _ path: String) -> StoreError {
        .io(operation: operation, path: path, errno: errno)
    }
}
