import Testing
import JSON

@Suite struct JSONValueTests {
    @Test func roundTripsNestedValues() throws {
        let value: JSONValue = ["a": 1, "b": [true, nil, 2.5, "x\"y\n\u{1}"], "c": ["d": -7]]
        let text = String(decoding: value.serialized(), as: UTF8.self)
        #expect(text == #"{"a":1,"b":[true,null,2.5,"x\"y\n\u0001"],"c":{"d":-7}}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test func keepsIntegersExact() throws {
        #expect(try JSONValue.parse(Array("9007199254740993".utf8)) == .int(9007199254740993))
        #expect(try JSONValue.parse(Array("1e2".utf8)).intValue == 100)
        #expect(try JSONValue.parse(Array("0.5".utf8)).intValue == nil)
    }

    @Test func decodesEscapesAndSurrogates() throws {
        #expect(try JSONValue.parse(Array(#""\u00e9\ud83d\ude00\/""#.utf8)) == .string("é😀/"))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":}", "01", "1.", "tru", "\"\\x\"", "\"\\ud800\"", "[1] 2", "\"a\u{1}\"", "NaN"])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(deep.utf8)) }
    }
}
