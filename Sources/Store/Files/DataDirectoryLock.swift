import Foundation

/// An exclusive flock on DATA/hub.lock: one process at a time owns a data directory, because blob
/// garbage collection relies on the in-process write lock seeing every writer.
final class DataDirectoryLock {
    private var fd: Int32

    /// Takes the lock, or throws dataDirectoryInUse when another open store holds it.
    init(directory: String) throws {
        let path = directory + "/hub.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIO.error("open", path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            // Throwing after every property is set still runs deinit: close once, through release.
            release()
            if code == EWOULDBLOCK { throw StoreError.dataDirectoryInUse(path: directory) }
            throw StoreError.io(operation: "flock", path: path, errno: code)
        }
    }

    /// Releases the lock (closing the file drops it); the kernel also drops it if the process dies.
    func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
