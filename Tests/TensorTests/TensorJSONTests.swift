import Foundation
import Testing
@testable import Tensor

private func decode(_ text: String) throws -> Tensor {
    try TensorJSON.decode(Array(text.utf8))
}

@Suite struct TensorJSONTests {
    @Test func readsFlatAndNestedData() throws {
        let expected = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try decode(#"{"shape":[2,3],"data":[1,2,3,4,5,6]}"#) == expected)
        #expect(try decode(#"{"data": [[1, 2, 3], [4, 5, 6]], "shape": [2, 3]}"#) == expected)
        #expect(try decode(" \n{ \"shape\" : [ 2 , 3 ] ,\t\"data\" : [ [1,2,3] , [4,5,6] ] }\r\n") == expected)
        #expect(try decode(#"{"shape":[2,1,2],"data":[[[1,2]],[[3,4]]]}"#) == Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]))
    }

    @Test func readsScalarsAndEmptyTensors() throws {
        #expect(try decode(#"{"shape":[],"data":2.5}"#) == Tensor(shape: [], scalars: [2.5]))
        #expect(try decode(#"{"shape":[],"data":[2.5]}"#) == Tensor(shape: [], scalars: [2.5]))
        #expect(try decode(#"{"shape":[0,3],"data":[]}"#) == Tensor(zeros: [0, 3]))
        #expect(try decode(#"{"shape":[2,0],"data":[[],[]]}"#) == Tensor(zeros: [2, 0]))
        #expect(try decode(#"{"shape":[2,0],"data":[]}"#) == Tensor(zeros: [2, 0]))
    }

    @Test func readsEveryJSONNumberForm() throws {
        let tensor = try decode(#"{"shape":[8],"data":[0,-0,1.5,-2e3,2E-3,1e+2,0.000001,16777217]}"#)
        #expect(tensor.scalars.map(\.bitPattern) == [0, -0.0, 1.5, -2000, 0.002, 100, 0.000001, 16_777_216].map { (x: Float) in x.bitPattern })
    }

    @Test func acceptsAByteOrderMark() throws {
        #expect(try TensorJSON.decode([0xEF, 0xBB, 0xBF] + Array(#"{"shape":[1],"data":[3]}"#.utf8)) == Tensor(shape: [1], scalars: [3]))
    }

    @Test func encodesFlatAndRoundTripsExactly() throws {
        let tensor = Tensor(shape: [2, 2], scalars: [0.1, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude])
        let text = String(decoding: TensorJSON.encode(tensor), as: UTF8.self)
        #expect(text == #"{"shape":[2,2],"data":[0.1,-0.0,1e-45,3.4028235e+38]}"#)
        #expect(sameBits(try TensorJSON.decode(TensorJSON.encode(tensor)), tensor))
        // The output is standard JSON that other parsers read.
        let object = try JSONSerialization.jsonObject(with: Data(TensorJSON.encode(tensor))) as? [String: Any]
        #expect((object?["shape"] as? [Int]) == [2, 2])
    }

    @Test func roundTripsRandomTensorsBitForBit() throws {
        var generator = SystemRandomNumberGenerator()
        for shape in [[], [0], [7], [3, 5], [2, 3, 4]] {
            let scalars = (0..<Tensor.count(of: shape)).map { _ -> Float in
                // Random bit patterns cover subnormals and every exponent.
                var value: Float
                repeat { value = Float(bitPattern: generator.next()) } while !value.isFinite
                return value
            }
            let tensor = Tensor(shape: shape, scalars: scalars)
            #expect(sameBits(try TensorJSON.decode(TensorJSON.encode(tensor)), tensor))
        }
    }

    @Test func nonFiniteValuesAreWrittenAsNull() {
        let text = String(decoding: TensorJSON.encode(Tensor(shape: [2], scalars: [.nan, .infinity])), as: UTF8.self)
        #expect(text == #"{"shape":[2],"data":[null,null]}"#)
    }
}

@Suite struct TensorJSONRejectionTests {
    @Test func notAnObject() {
        expectFormatError("must be an object") { try decode("[1, 2]") }
        expectFormatError("must be an object") { try decode("") }
        expectFormatError("not valid JSON", "after the top-level value") { try decode(#"{"shape":[1],"data":[1]} {}"#) }
        expectFormatError("not valid JSON") { try decode(#"{"shape":[1],"data":[1]"#) }
        expectFormatError("not valid JSON") { try decode(#"{"shape":[1],"data":[1,]}"#) }
    }

    @Test func missingOrUnknownKeys() {
        expectFormatError("missing \"shape\"") { try decode(#"{"data":[1]}"#) }
        expectFormatError("missing \"data\"") { try decode(#"{"shape":[1]}"#) }
        expectFormatError("unknown key \"dtype\"") { try decode(#"{"shape":[1],"data":[1],"dtype":"f4"}"#) }
        expectFormatError("\"shape\" twice") { try decode(#"{"shape":[1],"shape":[1],"data":[1]}"#) }
    }

    @Test func badShapes() {
        expectFormatError("non-negative integers") { try decode(#"{"shape":[-1],"data":[]}"#) }
        expectFormatError("non-negative integers") { try decode(#"{"shape":[1.5],"data":[1]}"#) }
        expectFormatError("non-negative integers") { try decode(#"{"shape":"2x3","data":[1]}"#) }
        expectFormatError("more elements than can be addressed") {
            try decode(#"{"shape":[4611686018427387904,4611686018427387904],"data":[]}"#)
        }
    }

    @Test func dataThatDoesNotMatchTheShape() {
        expectFormatError("has 5 values", "[2, 3]", "needs 6") { try decode(#"{"shape":[2,3],"data":[1,2,3,4,5]}"#) }
        expectFormatError("nested as [3, 2]", "[2, 3]") { try decode(#"{"shape":[2,3],"data":[[1,2],[3,4],[5,6]]}"#) }
        expectFormatError("not a regular grid", "3 entries", "another has 2") { try decode(#"{"shape":[2,2],"data":[[1,2],[3,4,5]]}"#) }
        expectFormatError("mixes numbers and lists") { try decode(#"{"shape":[2,2],"data":[[1,2],3]}"#) }
        expectFormatError("mixes numbers and lists") { try decode(#"{"shape":[2],"data":[1,[2]]}"#) }
        expectFormatError("mixes numbers and lists") { try decode(#"{"shape":[2,1],"data":[[],1]}"#) }
        expectFormatError("single number", "[2]") { try decode(#"{"shape":[2],"data":5}"#) }
        expectFormatError("holds no numbers", "needs 2") { try decode(#"{"shape":[2],"data":[]}"#) }
        expectFormatError("holds no numbers") { try decode(#"{"shape":[2,0],"data":[[]]}"#) }
        expectFormatError("nested deeper than 32") {
            try decode(#"{"shape":[1],"data":"# + String(repeating: "[", count: 40) + "1" + String(repeating: "]", count: 40) + "}")
        }
    }

    @Test func nonNumbersAndNonFiniteValues() {
        expectFormatError("element 1 is a string", "only numbers") { try decode(#"{"shape":[2],"data":[1,"2"]}"#) }
        expectFormatError("element 0 is null") { try decode(#"{"shape":[1],"data":[null]}"#) }
        expectFormatError("NaN and Infinity are not JSON numbers") { try decode(#"{"shape":[1],"data":[NaN]}"#) }
        expectFormatError("NaN and Infinity are not JSON numbers") { try decode(#"{"shape":[1],"data":[-Infinity]}"#) }
        expectFormatError("element 1 (1e39)", "outside the float32 range") { try decode(#"{"shape":[2],"data":[0,1e39]}"#) }
        expectFormatError("(-3.5e38)", "outside the float32 range") { try decode(#"{"shape":[1],"data":[-3.5e38]}"#) }
    }

    @Test func numbersOutsideTheJSONGrammar() {
        for bad in ["01", "+1", ".5", "1.", "1e", "1e+", "0x10", "-", "1.5.5"] {
            expectFormatError("not valid JSON") { try decode(#"{"shape":[1],"data":["# + bad + "]}") }
        }
    }

    @Test func badStrings() {
        expectFormatError("control character") { try decode("{\"sha\u{1}pe\":[1],\"data\":[1]}") }
        expectFormatError("invalid escape") { try decode(#"{"sh\ape":[1],"data":[1]}"#) }
        expectFormatError("surrogate") { try decode(#"{"\ud800":[1],"data":[1]}"#) }
        expectFormatError("not valid UTF-8") { try TensorJSON.decode([UInt8(ascii: "{"), UInt8(ascii: "\""), 0xC3, UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: "1"), UInt8(ascii: "}")]) }
        // Escapes are decoded before the key is compared.
        expectFormatError("missing \"data\"") { try decode(#"{"\u0073hape":[1]}"#) }
        expectFormatError("unknown key \"déta\"") { try decode(#"{"shape":[1],"d\u00e9ta":[1]}"#) }
    }
}
