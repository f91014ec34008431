import Foundation
import Testing
@testable import Store

/// Throughput of the hot paths; run with TPV_STORE_BENCH=1 (skipped otherwise: timings on a shared
/// machine are not a pass/fail signal). Prints operations per second.
@Suite struct StoreBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["TPV_STORE_BENCH"] != nil

    @Test(.enabled(if: StoreBenchmarkTests.enabled, "set TPV_STORE_BENCH=1 to measure"))
    func hotPathThroughput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory, readerCount: 4)
        defer { store.close() }

        let inserts = 200
        let tau = [UInt8](repeating: 7, count: 100 * 768 * 4)  // a P=100, d=768 float32 prompt
        var started = Date()
        var ids: [Int] = []
        for seed in 0..<inserts {
            var bytes = tau
            bytes[0] = UInt8(truncatingIfNeeded: seed); bytes[1] = UInt8(truncatingIfNeeded: seed >> 8)
            ids.append(try store.vectors.insert(
                VectorUpload(model: "t5-base", task: "task\(seed % 10)", seed: seed, shape: [100, 768], tau: bytes),
                owner: "bench").id)
        }
        report("insert (307 KB tau, 1 thread)", count: inserts, since: started)

        let storedIDs = ids
        for threads in [1, 2, 4] {
            let perThread = 20_000
            started = Date()
            let results = concurrently(threads) { thread in
                for index in 0..<perThread {
                    guard try store.vectors.get(id: storedIDs[(index &* 31 &+ thread) % storedIDs.count]) != nil else {
                        throw StoreError.vectorNotFound(id: index)
                    }
                }
            }
            for result in results { try result.get() }
            report("get(id) row only, \(threads) thread(s)", count: threads * perThread, since: started)
        }

        let transactionReads = 20_000
        started = Date()
        for index in 0..<transactionReads {
            _ = try store.database.read { connection in
                try connection.queryFirst("SELECT \(VectorRecord.columns) FROM vectors WHERE id = ?", ids[index % ids.count],
                                          row: VectorRecord.init(row:))
            }
        }
        report("get(id) inside BEGIN/COMMIT, 1 thread", count: transactionReads, since: started)

        let blobReads = 2_000
        started = Date()
        for index in 0..<blobReads {
            let record = try #require(try store.vectors.get(id: ids[index % ids.count]))
            _ = try store.blobs.read(record.sha256)
        }
        report("get(id) + read 307 KB blob, 1 thread", count: blobReads, since: started)

        let pages = 2_000
        started = Date()
        for index in 0..<pages { _ = try store.vectors.list(VectorFilter(task: "task\(index % 10)"), limit: 20) }
        report("list(task:, limit 20) with total", count: pages, since: started)

        let token = try store.tokens.create(name: "bench")
        let authentications = 20_000
        started = Date()
        for _ in 0..<authentications { _ = try store.tokens.authenticate(token) }
        report("authenticate", count: authentications, since: started)

        started = Date()
        for id in ids { try store.vectors.delete(id: id) }
        report("delete with blob GC", count: ids.count, since: started)
    }

    private func report(_ what: String, count: Int, since start: Date) {
        let seconds = Date().timeIntervalSince(start)
        print("BENCH \(what): \(Int(Double(count) / seconds)) ops/s (\(count) in \(String(format: "%.3f", seconds)) s)")
    }
}
