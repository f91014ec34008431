import Testing
@testable import Tensor

@Suite struct TensorFormatTests {
    @Test func namesAreCaseInsensitive() {
        #expect(TensorFormat(name: "SafeTensors") == .safetensors)
        #expect(TensorFormat(name: " npy ") == .npy)
        #expect(TensorFormat(name: "json") == .json)
        #expect(TensorFormat(name: "pt") == nil)
        #expect(TensorFormat(name: "") == nil)
    }

    @Test func mediaTypesIgnoreParametersAndCase() {
        #expect(TensorFormat(mediaType: "application/json; charset=utf-8") == .json)
        #expect(TensorFormat(mediaType: "Application/X-Safetensors") == .safetensors)
        #expect(TensorFormat(mediaType: "application/vnd.safetensors") == .safetensors)
        #expect(TensorFormat(mediaType: " application/x-npy ;q=0.5") == .npy)
        #expect(TensorFormat(mediaType: "application/octet-stream") == nil)
        #expect(TensorFormat(mediaType: "") == nil)
        for format in TensorFormat.allCases {
            #expect(TensorFormat(mediaType: format.mediaType) == format)
            #expect(format.acceptedMediaTypes.first == format.mediaType)
        }
    }

    @Test func acceptHeaderPicksTheHighestQuality() {
        #expect(TensorFormat.preferred(accept: "application/x-npy") == .npy)
        #expect(TensorFormat.preferred(accept: "application/json;q=0.5, application/x-npy;q=0.9") == .npy)
        #expect(TensorFormat.preferred(accept: "application/json, application/x-npy") == .json)
        #expect(TensorFormat.preferred(accept: "text/html, */*;q=0.8") == nil)
        #expect(TensorFormat.preferred(accept: "application/json;q=0") == nil)
    }

    @Test func sniffsEveryFormatFromItsOwnEncoder() {
        let tensor = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(TensorFormat.sniff(Safetensors.encode(["t": tensor])) == .safetensors)
        #expect(TensorFormat.sniff(Safetensors.encode([:])) == .safetensors)
        #expect(TensorFormat.sniff(Npy.encode(tensor)) == .npy)
        #expect(TensorFormat.sniff(TensorJSON.encode(tensor)) == .json)
        #expect(TensorFormat.sniff(Array(" \r\n\t{\"shape\":[]}".utf8)) == .json)
        #expect(TensorFormat.sniff([0xEF, 0xBB, 0xBF, UInt8(ascii: "{")]) == .json)
    }

    @Test func sniffsTheGoldenFiles() throws {
        #expect(try TensorFormat.sniff(Fixtures.bytes("st_mixed.safetensors")) == .safetensors)
        #expect(try TensorFormat.sniff(Fixtures.bytes("npy_f4_v3.npy")) == .npy)
    }

    @Test func safetensorsWhoseLengthStartsWithABraceIsNotJSON() {
        // Header length 0x7B = 123: the file's first byte is '{'.
        let header = String(repeating: " ", count: 121)
        let file = withUnsafeBytes(of: UInt64(123).littleEndian, Array.init) + Array("{}\(header)".utf8)
        #expect(file[0] == UInt8(ascii: "{"))
        #expect(TensorFormat.sniff(file) == .safetensors)
    }

    @Test func rejectsAnythingElse() {
        #expect(TensorFormat.sniff([]) == nil)
        #expect(TensorFormat.sniff(Array("[1, 2, 3]".utf8)) == nil)
        #expect(TensorFormat.sniff(Array("PK\u{3}\u{4}zipfile".utf8)) == nil)
        // An absurd header length followed by '{' is not safetensors.
        #expect(TensorFormat.sniff([0, 0, 0, 0, 0, 0, 0, 1, UInt8(ascii: "{")]) == nil)
        expectFormatError("not a recognised tensor format", "safetensors (application/x-safetensors)",
                          "npy (application/x-npy)", "json (application/json)") {
            try TensorFormat.detect(Array("hello".utf8))
        }
        #expect(throws: Never.self) { try TensorFormat.detect(Npy.encode(Tensor(zeros: [1]))) }
    }

    @Test func errorsNameTheirFormat() {
        #expect(TensorFormatError(.npy, "broken").description == "npy: broken")
        #expect(TensorFormatError(.json, "broken").description == "tensor JSON: broken")
        #expect(TensorFormatError(nil, "broken").description == "broken")
    }
}

@Suite struct RawFloat32Tests {
    @Test func roundTripsAsLittleEndianFloat32() throws {
        let tensor = Tensor(shape: [2, 2], scalars: [1, -2.5, .leastNonzeroMagnitude, 0])
        let bytes = RawFloat32.encode(tensor)
        #expect(bytes == [0, 0, 0x80, 0x3F, 0, 0, 0x20, 0xC0, 1, 0, 0, 0, 0, 0, 0, 0])
        #expect(sameBits(try RawFloat32.decode(bytes, shape: [2, 2]), tensor))
        #expect(try RawFloat32.decode(bytes, shape: [4]).shape == [4])
        #expect(try RawFloat32.decode([], shape: [0, 7]) == Tensor(zeros: [0, 7]))
    }

    @Test func rejectsSizeMismatchBadShapesAndNonFiniteValues() {
        expectFormatError("shape [3]", "needs 12 bytes", "has 8") { try RawFloat32.decode(float32Bytes([1, 2]), shape: [3]) }
        expectFormatError("not a valid tensor shape") { try RawFloat32.decode([], shape: [-1]) }
        expectFormatError("not a valid tensor shape") { try RawFloat32.decode([], shape: [Int.max, 2]) }
        expectFormatError("NaN at flat index 1", "must be finite") { try RawFloat32.decode(float32Bytes([0, .nan]), shape: [2]) }
    }
}

@Suite struct HalfPrecisionTests {
    @Test func everyHalfValueRoundTripsThroughFloat() {
        for bits in UInt16.min...UInt16.max {
            let value = HalfPrecision.float(fromHalfBits: bits)
            if value.isNaN {
                #expect(HalfPrecision.halfBits(from: value) & 0x7C00 == 0x7C00)
                #expect(HalfPrecision.halfBits(from: value) & 0x3FF != 0)
            } else {
                #expect(HalfPrecision.halfBits(from: value) == bits, "bits \(bits)")
            }
        }
    }

    @Test func knownValues() {
        #expect(HalfPrecision.float(fromHalfBits: 0x3C00) == 1)
        #expect(HalfPrecision.float(fromHalfBits: 0xC000) == -2)
        #expect(HalfPrecision.float(fromHalfBits: 0x7BFF) == 65504)
        #expect(HalfPrecision.float(fromHalfBits: 0x0001) == 0x1p-24)  // smallest subnormal
        #expect(HalfPrecision.float(fromHalfBits: 0x03FF) == 1023 * 0x1p-24)  // largest subnormal
        #expect(HalfPrecision.float(fromHalfBits: 0x0400) == 0x1p-14)  // smallest normal
        #expect(HalfPrecision.float(fromHalfBits: 0x8000).bitPattern == (-0.0 as Float).bitPattern)
        #expect(HalfPrecision.float(fromHalfBits: 0x7C00) == .infinity)
        #expect(HalfPrecision.float(fromHalfBits: 0xFC00) == -.infinity)
        #expect(HalfPrecision.float(fromHalfBits: 0x7E00).isNaN)
    }

    @Test func roundsToNearestEven() {
        #expect(HalfPrecision.halfBits(from: 65519) == 0x7BFF)  // below the midpoint to infinity
        #expect(HalfPrecision.halfBits(from: 65520) == 0x7C00)  // the midpoint rounds to even: infinity
        #expect(HalfPrecision.halfBits(from: 1e10) == 0x7C00)
        #expect(HalfPrecision.halfBits(from: 0x1p-25) == 0)  // halfway to the smallest subnormal: even is 0
        #expect(HalfPrecision.halfBits(from: 0x1.8p-25) == 1)
        #expect(HalfPrecision.halfBits(from: 0x1p-26) == 0)
        #expect(HalfPrecision.halfBits(from: 1 + 0x1p-11) == 0x3C00)  // tie, even mantissa stays
        #expect(HalfPrecision.halfBits(from: 1 + 0x1.8p-10) == 0x3C02)  // tie, odd mantissa rounds up
        #expect(HalfPrecision.halfBits(from: -.infinity) == 0xFC00)
        #expect(HalfPrecision.halfBits(from: .nan) & 0x7E00 == 0x7E00)
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func agreesWithTheHardwareConversionOnRandomFloats() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let value = Float(bitPattern: generator.next())
            guard !value.isNaN else { continue }
            #expect(HalfPrecision.halfBits(from: value) == Float16(value).bitPattern, "\(value)")
        }
    }
    #endif

    @Test func bfloat16IsTheTopHalfOfAFloat() {
        #expect(HalfPrecision.float(fromBFloat16Bits: 0x3F80) == 1)
        #expect(HalfPrecision.float(fromBFloat16Bits: 0xC020) == -2.5)
        #expect(HalfPrecision.float(fromBFloat16Bits: 0x0001) == Float(bitPattern: 0x0001_0000))  // subnormal
        #expect(HalfPrecision.float(fromBFloat16Bits: 0x7F80) == .infinity)
        #expect(HalfPrecision.float(fromBFloat16Bits: 0xFFC1).isNaN)
    }
}
