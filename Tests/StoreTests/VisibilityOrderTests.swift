import Foundation
import Testing
@testable import Store

/// Readers racing a writer never see a row whose blob is not in place: blobs are published before
/// the row commits, and garbage is collected only after the row is gone.
@Suite struct VisibilityOrderTests {
    @Test func readersNeverSeeARowWithoutItsBlob() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory, readerCount: 3)
        defer { store.close() }
        let rounds = 80
        let done = ManagedAtomicFlag()

        let results = concurrently(3) { worker -> Int in
            if worker == 0 {
                defer { done.set() }
                for seed in 0..<rounds {
                    var vector = upload(task: "race", seed: seed, tauSeed: seed)
                    vector.tuned = tensorBytes(seed + 10_000)
                    let record = try store.vectors.insert(vector, owner: "w")
                    // Replace and delete exercise garbage collection while readers look.
                    if seed % 2 == 1 { _ = try store.vectors.replace(id: record.id, with: upload(task: "race", seed: seed, tauSeed: seed + 20_000)) }
                    if seed % 3 == 2 { try store.vectors.delete(id: record.id) }
                }
                return 0
            }
            var checked = 0
            while !done.isSet {
                for record in try store.vectors.list(VectorFilter(task: "race"), limit: 1_000).items {
                    for sha256 in [record.sha256, record.tunedSHA256].compactMap({ $0 }) where !(try store.blobs.contains(sha256)) {
                        // Missing is fine only if the row (or that version of it) is gone by now.
                        let now = try store.vectors.get(id: record.id)
                        if now?.sha256 == sha256 || now?.tunedSHA256 == sha256 {
                            throw StoreError.blobMissing(sha256: sha256, path: "row \(record.id) is visible without it")
                        }
                    }
                    checked += 1
                }
            }
            return checked
        }
        for result in results { _ = try result.get() }
        #expect(try results.dropFirst().map { try $0.get() }.reduce(0, +) > 0)
    }
}

/// A flag one thread sets and others poll.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
