import Foundation
@testable import Store

/// A fresh directory under the system temp folder, deleted by `remove()`.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/tpv-store-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.io(operation: "mkdtemp", path: NSTemporaryDirectory(), errno: errno) }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `name` inside this directory.
    func child(_ name: String) -> String { path + "/" + name }
}

enum TestPaths {
    /// Repository root: this file is <root>/Tests/StoreTests/TestSupport.swift.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The project's real migrations.
    static let migrations = repositoryRoot + "/Migrations"
}

/// Opens a store in `directory` with the project's migrations.
func openStore(_ directory: TemporaryDirectory, readerCount: Int = 2) throws -> HubStore {
    try HubStore.open(dataDirectory: directory.child("data"), migrationsDirectory: TestPaths.migrations,
                      readerCount: readerCount)
}

/// Runs `body` with a store opened in a fresh temporary directory, then closes and deletes it.
func withStore(_ body: (HubStore) throws -> Void) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try openStore(directory)
    defer { store.close() }
    try body(store)
}

/// Deterministic bytes standing in for a float32 tensor.
func tensorBytes(_ seed: Int, count: Int = 64) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ seed >> 8) }
}

/// An upload of `tensorBytes(seed)` as tau for (model, task, seed).
func upload(model: String = "t5-base", task: String = "mnli", seed: Int = 0, tauSeed: Int? = nil) -> VectorUpload {
    VectorUpload(model: model, task: task, seed: seed, shape: [4, 16], tau: tensorBytes(tauSeed ?? seed))
}

/// Runs `body(0..<count)` on `count` dedicated threads released at the same moment, and returns
/// what each returned or threw, by index. (Dedicated threads: a dispatch pool on two cores would
/// run most of them one after another.)
func concurrently<T>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, Error>] {
    let lock = NSLock()
    let start = DispatchSemaphore(value: 0), finished = DispatchGroup()
    var results = [Result<T, Error>?](repeating: nil, count: count)
    for index in 0..<count {
        finished.enter()
        let thread = Thread {
            start.wait()
            let result = Result { try body(index) }
            lock.lock()
            results[index] = result
            lock.unlock()
            finished.leave()
        }
        thread.start()
    }
    for _ in 0..<count { start.signal() }
    finished.wait()
    return results.map { $0! }
}

/// A train job on t5-base that stores its vector under (t5-base, `target`, `seed`).
func trainJob(task: String = "mnli", seed: Int = 0, target: String? = "mnli", owner: String = "alice") -> JobSubmission {
    JobSubmission(kind: .train, model: "t5-base", task: task, seed: seed, targetTask: target,
                  parameters: #"{"epochs":5,"seed":\#(seed)}"#, owner: owner)
}
