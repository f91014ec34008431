import CBLAS
import Foundation

/// OpenBLAS picks its kernels from the CPU id when the library loads. On CPUs it does
/// not know (new Xeons, some virtual machines) it falls back to the generic Prescott
/// (SSE3) kernels, several times slower than the AVX-512 or AVX2 ones the CPU can run.
/// OPENBLAS_CORETYPE overrides the choice, but only before the library loads, so an
/// executable re-runs itself with it set (`reexecutingIfBetterKernelsExist`).
public enum OpenBLASKernels {
    public static var coreName: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    static let fallbackCores: Set<String> = ["prescott", "core2", "katmai", "coppermine", "northwood", "banias"]

    /// The OPENBLAS_CORETYPE to use instead of `detected`, when that is a generic
    /// fallback and `cpuFlags` (from /proc/cpuinfo) show a better instruction set.
    public static func betterCoreType(detected: String, cpuFlags: Set<String>) -> String? {
        guard fallbackCores.contains(detected.lowercased()) else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        if cpuFlags.contains("avx") { return "SandyBridge" }
        return nil
    }

    static func cpuFlags() -> Set<String> {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// Replaces the process by itself with OPENBLAS_CORETYPE set when OpenBLAS fell
    /// back to generic kernels; returns (doing nothing) when the variable is already set,
    /// the kernels are fine, or the re-run is impossible. Call first thing in `main`.
    public static func reexecutingIfBetterKernelsExist() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let better = betterCoreType(detected: coreName, cpuFlags: cpuFlags())
        else { return }
        setenv("OPENBLAS_CORETYPE", better, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when execv failed: carry on with the generic kernels.
        unsetenv("OPENBLAS_CORETYPE")
    }
}
