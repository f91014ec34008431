import Dispatch
import Foundation
import Model
import Tensor

/// Timing, memory and BLAS figures for the benchmark subcommands.
enum Measurement {
    /// Milliseconds of each of `repetitions` calls after `warmup` untimed ones.
    static func milliseconds(repetitions: Int, warmup: Int = 0, _ body: () throws -> Void) rethrows -> [Double] {
        for _ in 0..<warmup { try body() }
        return try (0..<repetitions).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Peak resident set size of this process so far (VmHWM), in MiB; nil off Linux.
    static func peakResidentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first
            return kilobytes.map { $0 / 1024 }
        }
        return nil
    }

    /// Median GFLOP/s of cblas_sgemm on n x n x n float32 matrices, OpenBLAS on all cores.
    static func sgemmGigaflops(size n: Int = 1024, repetitions: Int = 20) -> Double {
        BLAS.threadCount = ProcessInfo.processInfo.activeProcessorCount
        var random = SeededGenerator(seed: 1)
        let a = random.normalTensor([n, n], standardDeviation: 1).scalars
        let b = random.normalTensor([n, n], standardDeviation: 1).scalars
        var c = [Float](repeating: 0, count: n * n)
        let times = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    milliseconds(repetitions: repetitions, warmup: 3) {
                        BLAS.sgemm(m: n, n: n, k: n, a: a.baseAddress!, lda: n, b: b.baseAddress!, ldb: n,
                                   c: c.baseAddress!, ldc: n)
                    }
                }
            }
        }
        return 2 * Double(n * n * n) / (median(times) / 1e3) / 1e9
    }
}
