#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Tensor


/// Hostile inputs: every decoder must either throw a TensorFormatError or
/// return a well-formed finite tensor — never crash, hang, or allocate
/// far beyond the input's size.
@Suite(.timeLimit(.minutes(1))) struct FuzzTests {
    typealias Decoder = ([UInt8]) throws -> [Tensor]

    static let decoders: [TensorFormat: Decoder] = [
        .safetensors: { Array(try Safetensors.decode($0).tensors.values) },
        .npy: { [try Npy.decode($0)] },
        .json: { [try TensorJSON.decode($0)] },
    ]

    static func validFiles(_ format: TensorFormat) throws -> [[UInt8]] {
        let tensor = Tensor(shape: [3, 2], scalars: [0.5, -1, 2, 1e-3, 7, -8])
        switch format {
        case .safetensors:
            return try ["st_mixed.safetensors", "st_bf16.safetensors", "st_f32_metadata.safetensors"].map(Fixtures.bytes)
                + [Safetensors.encode(["a": tensor, "b": Tensor(shape: [], scalars: [1])], metadata: ["k": "v"])]
        case .npy:
            return try ["npy_f4_fortran.npy", "npy_f2.npy", "npy_f8_big_endian.npy", "npy_f4_v3.npy"].map(Fixtures.bytes)
        case .json:
            return [TensorJSON.encode(tensor), Array(#"{"data": [[1, 2.5e-3], [-3, 4]], "shape": [2, 2]}"#.utf8)]
        }
    }

    /// Decodes, requiring a clean error or a consistent result. Returns whether it decoded.
    @discardableResult
    static func probe(_ format: TensorFormat, _ bytes: [UInt8], _ label: @autoclosure () -> String) -> Bool {
        do {
            for tensor in try decoders[format]!(bytes) {
                #expect(tensor.count == Tensor.count(of: tensor.shape) && tensor.allFinite, "\(label())")
                // No tensor can hold more scalars than the input has bytes (JSON: at least 2 bytes each).
                #expect(tensor.count <= max(bytes.count, 1), "\(label())")
            }
            return true
        } catch is TensorFormatError {
            return false
        } catch {
            Issue.record("\(label()): threw \(error), not a TensorFormatError")
            return false
        }
    }

    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss) * 1024
    }

    @Test(arguments: TensorFormat.allCases)
    func truncationsAtEveryLength(format: TensorFormat) throws {
        for file in try Self.validFiles(format) {
            #expect(Self.probe(format, file, "complete file"), "a valid file must decode")
            for length in 0..<file.count {
                // JSON: a prefix can only be valid if what is cut is trailing whitespace.
                let decoded = Self.probe(format, Array(file[..<length]), "\(format) truncated to \(length)")
                #expect(!decoded || format == .json, "\(format) truncated to \(length) bytes decoded")
            }
        }
    }

    @Test(arguments: TensorFormat.allCases)
    func randomBitFlips(format: TensorFormat) throws {
        var random = SplitMix64(seed: 0xF1A9_0000 + UInt64(TensorFormat.allCases.firstIndex(of: format)!))
        let files = try Self.validFiles(format)
        let peakBefore = Self.peakResidentBytes()
        for trial in 0..<2_000 {
            var file = files[trial % files.count]
            for _ in 0...Int.random(in: 0..<4, using: &random) {
                let index = Int.random(in: 0..<file.count, using: &random)
                file[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            }
            Self.probe(format, file, "\(format) bit-flip trial \(trial)")
        }
        #expect(Self.peakResidentBytes() - peakBefore < 256 << 20, "fuzzing must not allocate absurd memory")
    }

    @Test(arguments: TensorFormat.allCases)
    func randomBytes(format: TensorFormat) {
        var random = SplitMix64(seed: 0xB17E5)
        let prefixes: [TensorFormat: [UInt8]] = [
            .safetensors: [], .npy: Npy.magic + [1, 0], .json: Array(#"{"shape":[2],"data":["#.utf8),
        ]
        for trial in 0..<1_000 {
            let length = Int.random(in: 0..<256, using: &random)
            let noise = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            Self.probe(format, noise, "random bytes \(trial)")
            Self.probe(format, prefixes[format]! + noise, "\(format) prefix + random bytes \(trial)")
        }
    }

    @Test func hugeLengthFields() throws {
        let safetensors = try Fixtures.bytes("st_mixed.safetensors")
        for length: UInt64 in [UInt64(safetensors.count - 7), 1 << 31, 1 << 32, 1 << 62, UInt64(Int.max), .max, 100_000_000] {
            var file = safetensors
            file.replaceSubrange(0..<8, with: withUnsafeBytes(of: length.littleEndian, Array.init))
            #expect(!Self.probe(.safetensors, file, "safetensors header length \(length)"))
        }
        let v1 = try Fixtures.bytes("npy_f4.npy"), v2 = try Fixtures.bytes("npy_f4_v2.npy")
        var file = v1
        file[8] = 0xFF; file[9] = 0xFF
        #expect(!Self.probe(.npy, file, "npy v1 header length 65535"))
        for length: UInt32 in [.max, 1 << 31, UInt32(v2.count)] {
            file = v2
            file.replaceSubrange(8..<12, with: withUnsafeBytes(of: length.littleEndian, Array.init))
            #expect(!Self.probe(.npy, file, "npy v2 header length \(length)"))
        }
        // Shapes announcing huge tensors over tiny data.
        #expect(!Self.probe(.npy, npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000000), }", data: [0, 0, 0, 0]), "npy huge shape"))
        #expect(!Self.probe(.json, Array(#"{"shape":[1000000000,1000000000],"data":[1]}"#.utf8), "json huge shape"))
        #expect(!Self.probe(.safetensors, safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[1000000000,1000000000],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "safetensors huge shape"))
    }

    /// Headers built from the grammar with random dtypes, shapes and offsets,
    /// so the tiling and size checks see many near-valid combinations.
    @Test func randomSafetensorsHeaders() {
        var random = SplitMix64(seed: 0x5AFE)
        let dtypes = ["F32", "F16", "BF16", "F64", "I64", "BOOL", "U8", "F8_E4M3", "X"]
        var decodedCount = 0
        for trial in 0..<2_000 {
            var entries: [String] = []
            var offset = 0
            for index in 0..<Int.random(in: 0...3, using: &random) {
                let dtype = dtypes.randomElement(using: &random)!
                let shape = (0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: -1...3, using: &random) }
                let size = ["F64": 8, "I64": 8, "F32": 4, "F16": 2, "BF16": 2][dtype] ?? 1
                let bytes = shape.reduce(size, *)
                let jitter = Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: -4...4, using: &random) : 0
                let begin = max(0, offset + jitter)
                entries.append("\"t\(index)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(begin + bytes)]}")
                offset = begin + bytes
            }
            let dataLength = max(0, offset + (Int.random(in: 0..<6, using: &random) == 0 ? Int.random(in: -3...3, using: &random) : 0))
            // Small integers and 0/1 bytes keep integer and BOOL tensors readable.
            let data = (0..<dataLength).map { _ in UInt8.random(in: 0...1, using: &random) }
            let file = safetensorsFile(header: "{" + entries.joined(separator: ",") + "}", data: data)
            if Self.probe(.safetensors, file, "random header trial \(trial)") { decodedCount += 1 }
        }
        // The generator must reach the success path too, or it only tests rejections.
        #expect(decodedCount > 100)
    }
}
