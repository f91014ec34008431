import Foundation
import Testing
@testable import Tensor

/// A .npy file assembled by hand around `header` (no padding added).
func npyFile(header: String, version: (UInt8, UInt8) = (1, 0), data: [UInt8] = []) -> [UInt8] {
    let text = Array(header.utf8)
    let length: [UInt8] = version.0 == 1
        ? withUnsafeBytes(of: UInt16(text.count).littleEndian, Array.init)
        : withUnsafeBytes(of: UInt32(text.count).littleEndian, Array.init)
    return Npy.magic + [version.0, version.1] + length + text + data
}

@Suite struct NpyGoldenTests {
    @Test(arguments: ["npy_f4.npy", "npy_f4_scalar.npy", "npy_f4_vector.npy", "npy_f4_empty.npy", "npy_f4_rank6.npy",
                      "npy_f8.npy", "npy_f2.npy", "npy_f4_big_endian.npy", "npy_f8_big_endian.npy",
                      "npy_f4_fortran.npy", "npy_f4_v2.npy", "npy_f4_v3.npy"])
    func decodesFilesWrittenByNumpy(file: String) throws {
        #expect(try sameBits(Npy.decode(Fixtures.bytes(file)), Fixtures.expected(file)))
    }

    @Test(arguments: Fixtures.encoderGoldens("npy"))
    func encodesByteForByteLikeNumpySave(file: String) throws {
        let golden = try Fixtures.bytes(file)
        #expect(Npy.encode(Fixtures.expected(file)) == golden)
    }

    @Test func fortranOrderIsTransposedIntoCOrder() throws {
        // np.asfortranarray(np.arange(24).reshape(2, 3, 4)): same values as the C-order arange.
        let tensor = try Npy.decode(Fixtures.bytes("npy_f4_fortran.npy"))
        #expect(tensor == Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init)))
    }

    @Test func decodesTheSharedGoldenFiles() throws {
        let directory = Fixtures.shared.appendingPathComponent("golden/minilm")
        let prompt = try Npy.decode(contentsOfFile: directory.appendingPathComponent("pt_prompt.npy").path)
        #expect(prompt.shape == [8, 384])
        #expect(try Npy.decode(contentsOfFile: directory.appendingPathComponent("pt_loss.npy").path).shape == [])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".npy") }
        #expect(names.count >= 10)
        for name in names {
            let path = directory.appendingPathComponent(name).path
            let tensor = try Npy.decode(contentsOfFile: path)
            // These were written by numpy.save, so our encoder must reproduce them.
            #expect(Npy.encode(tensor) == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), "\(name)")
        }
    }

    @Test func headerIsAlignedTo64BytesAndEndsInNewline() {
        for shape in [[], [1], [7, 3], [123_456_789_012, 0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0]] {
            let bytes = Npy.encode(Tensor(zeros: shape))
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            #expect((10 + headerLength) % 64 == 0)
            #expect(bytes[10 + headerLength - 1] == UInt8(ascii: "\n"))
        }
    }
}

@Suite struct NpyRoundTripTests {
    @Test func roundTripsShapesAndValues() throws {
        var generator = SystemRandomNumberGenerator()
        for shape in [[], [0], [5], [3, 4], [2, 0, 3], [2, 3, 4, 5]] {
            let count = Tensor.count(of: shape)
            let tensor = Tensor(shape: shape, scalars: (0..<count).map { _ in Float.random(in: -1e6...1e6, using: &generator) })
            #expect(sameBits(try Npy.decode(Npy.encode(tensor)), tensor))
        }
    }

    @Test func readsHeadersWrittenWithDoubleQuotesAndNoTrailingComma() throws {
        let file = npyFile(header: #"{"shape": (2,), "fortran_order": False, "descr": "<f4"}"# + "\n", data: float32Bytes([1, 2]))
        #expect(try Npy.decode(file) == Tensor(shape: [2], scalars: [1, 2]))
    }

    @Test func fortranOrderOfAMatrix() throws {
        // Column-major [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6.
        let file = npyFile(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data: float32Bytes([1, 4, 2, 5, 3, 6]))
        #expect(try Npy.decode(file) == Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
    }
}

@Suite struct NpyRejectionTests {
    let c2 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"

    @Test func notANpyFile() {
        expectFormatError("magic") { try Npy.decode(Array("hello world".utf8)) }
        expectFormatError("magic") { try Npy.decode([]) }
    }

    @Test func unsupportedVersions() {
        expectFormatError("version 4.0", "1.0, 2.0 and 3.0") { try Npy.decode(npyFile(header: c2, version: (4, 0))) }
        expectFormatError("version 1.1") { try Npy.decode(npyFile(header: c2, version: (1, 1))) }
    }

    @Test func truncatedPrefixAndHeader() {
        expectFormatError("version bytes") { try Npy.decode(Npy.magic + [1]) }
        expectFormatError("header length field") { try Npy.decode(Npy.magic + [2, 0, 1, 0]) }
        var file = npyFile(header: c2, data: float32Bytes([1, 2]))
        file[8] = 0xFF
        file[9] = 0xFF
        expectFormatError("header length field says 65535", "truncated") { try Npy.decode(file) }
    }

    @Test func headersThatAreNotTheExpectedDict() {
        expectFormatError("not a valid Python dict literal") { try Npy.decode(npyFile(header: "{'descr': '<f4'")) }
        expectFormatError("not a valid Python dict literal", "after the dictionary") { try Npy.decode(npyFile(header: c2 + " x")) }
        expectFormatError("must be a dict") { try Npy.decode(npyFile(header: "(1, 2)")) }
        expectFormatError("exactly 'descr', 'fortran_order' and 'shape'") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'shape': (2,)}"))
        }
        expectFormatError("exactly 'descr', 'fortran_order' and 'shape'", "extra") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}"))
        }
        expectFormatError("duplicate key 'descr'") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}"))
        }
        expectFormatError("unterminated string") { try Npy.decode(npyFile(header: "{'descr: 1}")) }
        expectFormatError("nesting deeper") {
            try Npy.decode(npyFile(header: "{'descr': " + String(repeating: "(", count: 100) + "}"))
        }
    }

    @Test func unsupportedDTypes() throws {
        expectFormatError("dtype '<i4'", "astype(np.float32)") { try Npy.decode(Fixtures.bytes("npy_i4.npy")) }
        expectFormatError("structured") {
            try Npy.decode(npyFile(header: "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,)}"))
        }
        expectFormatError("dtype '|O'") {
            try Npy.decode(npyFile(header: "{'descr': '|O', 'fortran_order': False, 'shape': (2,)}"))
        }
    }

    @Test func badFortranOrderAndShapeValues() {
        expectFormatError("'fortran_order' must be True or False") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,)}"))
        }
        // (2) is the integer 2 in Python, not a tuple.
        expectFormatError("'shape' must be a tuple") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2)}"))
        }
        expectFormatError("non-negative integers") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"))
        }
        expectFormatError("non-negative integers") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': ('2',)}"))
        }
        expectFormatError("non-integer") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,)}"))
        }
        expectFormatError("integer too large") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}"))
        }
        expectFormatError("more elements than can be addressed") {
            try Npy.decode(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4)}"))
        }
    }

    @Test func dataSizeMismatches() {
        expectFormatError("needs 8 bytes", "has 7", "truncated") {
            try Npy.decode(npyFile(header: c2, data: Array(float32Bytes([1, 2]).dropLast())))
        }
        expectFormatError("3 unexpected bytes", "trailing garbage") {
            try Npy.decode(npyFile(header: c2, data: float32Bytes([1, 2]) + [0, 0, 0]))
        }
    }

    @Test func nonFiniteValues() {
        expectFormatError("NaN", "index 1") { try Npy.decode(npyFile(header: c2, data: float32Bytes([0, .nan]))) }
        expectFormatError("+Infinity", "index 0") { try Npy.decode(npyFile(header: c2, data: float32Bytes([.infinity, 0]))) }
        let hugeDouble = withUnsafeBytes(of: (-1e300 as Double).bitPattern.littleEndian, Array.init)
        expectFormatError("-Infinity", "float32 range") {
            try Npy.decode(npyFile(header: "{'descr': '<f8', 'fortran_order': False, 'shape': ()}", data: hugeDouble))
        }
    }

    @Test func version3HeaderMustBeUTF8() {
        var file = npyFile(header: c2, version: (3, 0), data: float32Bytes([1, 2]))
        file[14] = 0xFF
        expectFormatError("not valid UTF-8") { try Npy.decode(file) }
    }
}
