import Testing
@testable import Model

@Suite("Choosing OpenBLAS kernels when its CPU detection falls back")
struct OpenBLASKernelsTests {
    static let avx512: Set<String> = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]

    @Test("a generic fallback on a capable CPU gets the best matching kernels")
    func upgradesFallback() {
        #expect(OpenBLASKernels.betterCoreType(detected: "Prescott", cpuFlags: Self.avx512) == "SkylakeX")
        #expect(OpenBLASKernels.betterCoreType(detected: "Prescott", cpuFlags: ["avx", "avx2", "fma"]) == "Haswell")
        #expect(OpenBLASKernels.betterCoreType(detected: "Core2", cpuFlags: ["sse4_2", "avx"]) == "SandyBridge")
    }

    @Test("a real detection, or a CPU without better instructions, is left alone")
    func keepsDetection() {
        #expect(OpenBLASKernels.betterCoreType(detected: "Haswell", cpuFlags: Self.avx512) == nil)
        #expect(OpenBLASKernels.betterCoreType(detected: "SkylakeX", cpuFlags: Self.avx512) == nil)
        #expect(OpenBLASKernels.betterCoreType(detected: "Prescott", cpuFlags: ["sse2", "sse3"]) == nil)
    }
}
