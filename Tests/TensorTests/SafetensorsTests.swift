import Testing
@testable import Tensor

/// A safetensors file assembled by hand: the header exactly as given.
func safetensorsFile(header: String, data: [UInt8] = []) -> [UInt8] {
    let json = Array(header.utf8)
    return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
}

func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.withUnsafeBytes(Array.init)
}

@Suite struct SafetensorsGoldenTests {
    @Test(arguments: ["st_f32.safetensors", "st_f32_metadata.safetensors", "st_scalar_empty.safetensors",
                      "st_f16.safetensors", "st_bf16.safetensors", "st_f64.safetensors", "st_mixed.safetensors"])
    func decodesFilesWrittenByTheReferenceImplementation(file: String) throws {
        let decoded = try Safetensors.decode(Fixtures.bytes(file))
        let expected = Fixtures.expectedTensors(in: file)
        #expect(Set(decoded.tensors.keys) == Set(expected.keys))
        for (name, tensor) in expected {
            let got = try #require(decoded.tensors[name])
            #expect(sameBits(got, tensor), "\(file):\(name)")
        }
    }

    @Test func readsMetadata() throws {
        #expect(try Safetensors.decode(Fixtures.bytes("st_f32_metadata.safetensors")).metadata == ["format": "pt"])
        #expect(try Safetensors.decode(Fixtures.bytes("st_mixed.safetensors")).metadata == ["source": "fixtures"])
        #expect(try Safetensors.decode(Fixtures.bytes("st_f32.safetensors")).metadata.isEmpty)
    }

    @Test func decodesFromAFileOnDisk() throws {
        let decoded = try Safetensors.decode(contentsOfFile: Fixtures.path("st_mixed.safetensors"))
        #expect(try decoded == Safetensors.decode(Fixtures.bytes("st_mixed.safetensors")))
    }

    @Test func missingFileIsAClearError() {
        expectFormatError("cannot open", "no such file") {
            try Safetensors.decode(contentsOfFile: Fixtures.path("does-not-exist.safetensors"))
        }
    }

    @Test(arguments: Fixtures.encoderGoldens("safetensors"))
    func encodesByteForByteLikeTheReferenceImplementation(file: String) throws {
        let golden = try Fixtures.bytes(file)
        let original = try Safetensors.decode(golden)
        #expect(Safetensors.encode(original.tensors, metadata: original.metadata) == golden)
    }
}

@Suite struct SafetensorsRoundTripTests {
    @Test func roundTripsTensorsAndMetadata() throws {
        let tensors = [
            "prompt": Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) * 0.25 - 1 }),
            "bias": Tensor(shape: [3], scalars: [-0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]),
            "empty": Tensor(zeros: [0, 5]),
            "scalar": Tensor(shape: [], scalars: [42]),
        ]
        let metadata = ["task": "sst2 \"quoted\"\n\u{1}é", "model": "all-MiniLM-L6-v2"]
        let bytes = Safetensors.encode(tensors, metadata: metadata)
        let decoded = try Safetensors.decode(bytes)
        #expect(decoded.metadata == metadata)
        #expect(decoded.tensors.keys.sorted() == tensors.keys.sorted())
        for (name, tensor) in tensors { #expect(sameBits(decoded.tensors[name]!, tensor)) }
    }

    @Test func headerIsPaddedToEightBytesAndDataIsContiguousInNameOrder() throws {
        let bytes = Safetensors.encode(["b": Tensor(shape: [1], scalars: [2]), "a": Tensor(shape: [2], scalars: [0, 1])])
        let headerLength = Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        #expect(headerLength % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#))
        #expect(Array(bytes[(8 + headerLength)...]) == float32Bytes([0, 1, 2]))
    }

    @Test func readsIntegerAndBoolTensorsThatFloat32HoldsExactly() throws {
        // Model files carry index tensors, e.g. BERT's I64 position_ids.
        func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] { values.map(\.littleEndian).withUnsafeBytes(Array.init) }
        let cases: [(dtype: String, data: [UInt8], expected: [Float])] = [
            ("I64", bytes([Int64(0), -511, 16_777_216, -4_294_967_296]), [0, -511, 16_777_216, -4_294_967_296]),
            ("U64", bytes([UInt64(7), 1 << 40]), [7, 0x1p40]),
            ("I32", bytes([Int32.min, Int32(-1)]), [-0x1p31, -1]),
            ("U32", bytes([UInt32(3), 0x8000_0000]), [3, 0x1p31]),
            ("I16", bytes([Int16.min, Int16.max]), [-32768, 32767]),
            ("U16", bytes([UInt16.max]), [65535]),
            ("I8", [0x80, 0x7F], [-128, 127]),
            ("U8", [0xFF, 0], [255, 0]),
            ("BOOL", [1, 0, 1], [1, 0, 1]),
        ]
        for (dtype, data, expected) in cases {
            let header = #"{"t":{"dtype":"\#(dtype)","shape":[\#(expected.count)],"data_offsets":[0,\#(data.count)]}}"#
            let decoded = try Safetensors.decode(safetensorsFile(header: header, data: data))
            #expect(decoded.tensors["t"] == Tensor(shape: [expected.count], scalars: expected), "\(dtype)")
        }
    }

    @Test func emptyFileOfNoTensorsIsValid() throws {
        let decoded = try Safetensors.decode(Safetensors.encode([:]))
        #expect(decoded.tensors.isEmpty && decoded.metadata.isEmpty)
    }

    @Test func toleratesWhitespaceAndUnknownFieldsInTheHeader() throws {
        let file = safetensorsFile(header: #" { "x" : {"shape":[2], "extra": null, "dtype":"F32","data_offsets":[0,8]} }   "#,
                                   data: float32Bytes([1, 2]))
        #expect(try Safetensors.decode(file).tensors["x"] == Tensor(shape: [2], scalars: [1, 2]))
    }

    @Test func emptyTensorsMaySitAtAnyBoundary() throws {
        let file = safetensorsFile(
            header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"z":{"dtype":"F16","shape":[0,2],"data_offsets":[0,0]}}"#,
            data: float32Bytes([5]))
        let decoded = try Safetensors.decode(file)
        #expect(decoded.tensors["e"]?.shape == [0] && decoded.tensors["z"]?.shape == [0, 2])
    }
}

@Suite struct SafetensorsRejectionTests {
    let f32x2 = float32Bytes([1, 2])

    @Test func fileShorterThanTheLengthField() {
        expectFormatError("too short", "8-byte header length") { try Safetensors.decode([1, 0, 0]) }
    }

    @Test func headerLengthLargerThanTheFile() {
        var file = safetensorsFile(header: "{}")
        file[0] = 200
        expectFormatError("header length", "200", "truncated") { try Safetensors.decode(file) }
    }

    @Test func absurdHeaderLength() {
        for length: UInt64 in [100_000_001, UInt64(Int.max), .max] {
            let file = withUnsafeBytes(of: length.littleEndian, Array.init) + Array("{}".utf8)
            expectFormatError("header length", "limit") { try Safetensors.decode(file) }
        }
    }

    @Test func headerThatIsNotJSON() {
        expectFormatError("not valid JSON") { try Safetensors.decode(safetensorsFile(header: #"{"a": "#)) }
        expectFormatError("not valid JSON") { try Safetensors.decode(safetensorsFile(header: "\u{0}\u{0}")) }
        expectFormatError("not valid JSON", "after the top-level value") {
            try Safetensors.decode(safetensorsFile(header: "{} x"))
        }
    }

    @Test func headerThatIsNotAnObject() {
        expectFormatError("must be a JSON object") { try Safetensors.decode(safetensorsFile(header: "[1, 2]")) }
    }

    @Test func unknownAndUnsupportedDTypes() {
        expectFormatError("unknown dtype", "Q7", "F32, F16, BF16, F64") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}}"#, data: f32x2))
        }
        expectFormatError("dtype F8_E4M3", "does not read", "\"t\"") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}"#, data: f32x2))
        }
    }

    @Test func shapeThatDoesNotMatchTheOffsets() {
        expectFormatError("\"t\"", "shape [3]", "needs 12 bytes", "span 8") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: f32x2))
        }
    }

    @Test func shapeWhoseByteCountOverflows() {
        expectFormatError("\"t\"", "more than Int.max") {
            try Safetensors.decode(safetensorsFile(
                header: #"{"t":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: f32x2))
        }
    }

    @Test func offsetsOutOfRange() {
        expectFormatError("run past the end", "8-byte data buffer") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#, data: f32x2))
        }
        expectFormatError("end before they begin") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, data: f32x2))
        }
        expectFormatError("[begin, end]", "3 numbers") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}"#, data: f32x2))
        }
    }

    @Test func overlappingTensors() {
        expectFormatError("overlap", "\"a\"", "\"b\"") {
            try Safetensors.decode(safetensorsFile(
                header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: f32x2))
        }
    }

    @Test func gapsAndUncoveredData() {
        expectFormatError("gap", "[0, 4)") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: f32x2))
        }
        expectFormatError("trailing data", "last 4 bytes") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: f32x2))
        }
        expectFormatError("trailing data") { try Safetensors.decode(safetensorsFile(header: "{}", data: [0])) }
    }

    @Test func badDimensions() {
        expectFormatError("negative", "-2") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: f32x2))
        }
        expectFormatError("1.5", "not a whole number") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}}"#, data: f32x2))
        }
        expectFormatError("2e0", "not a whole number") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[2e0],"data_offsets":[0,8]}}"#, data: f32x2))
        }
        expectFormatError("only integers", "a string") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}}"#, data: f32x2))
        }
        expectFormatError("99999999999999999999", "64 bits") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,99999999999999999999]}}"#, data: f32x2))
        }
    }

    @Test func missingFields() {
        expectFormatError("no \"data_offsets\"") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[2]}}"#, data: f32x2))
        }
        expectFormatError("\"t\"", "must be described by an object") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":[1]}"#))
        }
    }

    @Test func duplicateKeys() {
        expectFormatError("\"t\" twice") {
            try Safetensors.decode(safetensorsFile(
                header: #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: f32x2))
        }
        expectFormatError("\"dtype\" twice") {
            try Safetensors.decode(safetensorsFile(header: #"{"t":{"dtype":"F32","dtype":"F16","shape":[2],"data_offsets":[0,8]}}"#, data: f32x2))
        }
    }

    @Test func badMetadata() {
        expectFormatError("__metadata__", "must be an object") {
            try Safetensors.decode(safetensorsFile(header: #"{"__metadata__":[1]}"#))
        }
        expectFormatError("__metadata__", "\"n\"", "must be a string") {
            try Safetensors.decode(safetensorsFile(header: #"{"__metadata__":{"n":1}}"#))
        }
    }

    @Test func nonFiniteValuesNameTheTensor() {
        let header = #"{"prompt":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        expectFormatError("\"prompt\"", "NaN", "index 1") {
            try Safetensors.decode(safetensorsFile(header: header, data: float32Bytes([1, .nan])))
        }
        expectFormatError("\"prompt\"", "-Infinity", "index 0") {
            try Safetensors.decode(safetensorsFile(header: header, data: float32Bytes([-.infinity, 1])))
        }
        expectFormatError("\"h\"", "+Infinity") {
            try Safetensors.decode(safetensorsFile(header: #"{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, data: [0x00, 0x7C]))
        }
        let hugeDouble = withUnsafeBytes(of: (1e300 as Double).bitPattern.littleEndian, Array.init)
        expectFormatError("\"d\"", "Infinity", "float32 range") {
            try Safetensors.decode(safetensorsFile(header: #"{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: hugeDouble))
        }
    }

    @Test func integersThatFloat32CannotHoldExactly() {
        let big = withUnsafeBytes(of: Int64(16_777_217).littleEndian, Array.init)
        expectFormatError("\"ids\"", "(I64)", "index 0", "cannot represent exactly") {
            try Safetensors.decode(safetensorsFile(header: #"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: big))
        }
        let hugeUnsigned = withUnsafeBytes(of: UInt64.max.littleEndian, Array.init)
        expectFormatError("\"u\"", "(U64)") {
            try Safetensors.decode(safetensorsFile(header: #"{"u":{"dtype":"U64","shape":[1],"data_offsets":[0,8]}}"#, data: hugeUnsigned))
        }
        expectFormatError("\"mask\"", "BOOL byte", "index 1") {
            try Safetensors.decode(safetensorsFile(header: #"{"mask":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}"#, data: [1, 2]))
        }
    }

    @Test func invalidUTF8InNames() {
        var file = safetensorsFile(header: #"{"x":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}"#)
        file[10] = 0xFF
        expectFormatError("not valid UTF-8") { try Safetensors.decode(file) }
    }
}
