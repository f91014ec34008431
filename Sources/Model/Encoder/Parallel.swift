import Dispatch

/// Splits independent work (rows, batch elements, attention heads) over the cores.
/// Dispatch's worker threads sleep when idle, so nothing spins between passes.
enum Parallel {
    /// The cores the process may use; element-wise passes and per-head attention split this way.
    static let coreCount = max(1, sysconfCores())

    /// Calls `body` on contiguous sub-ranges of 0..<count, at most one per core and
    /// none shorter than `minimumChunk` (below that, threading costs more than it saves).
    static func forEachChunk(of count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(coreCount, max(1, count / max(minimumChunk, 1)))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            body((chunk * count / chunks)..<((chunk + 1) * count / chunks))
        }
    }

    /// Calls `body(i)` for i in 0..<count concurrently.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    private static func sysconfCores() -> Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
