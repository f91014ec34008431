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

@Suite struct JSONValueReadingRulesTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func numbersAreIntWhenWrittenAsIntegersThatFit() throws {
        #expect(try parse("-0") == .int(0))
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        // Past Int, or with a fraction or exponent: a Double, even when the value is whole.
        guard case .double(let big) = try parse("9223372036854775808") else { Issue.record("expected .double"); return }
        #expect(big == 9223372036854775808.0)
        guard case .double(let three) = try parse("3.0") else { Issue.record("expected .double"); return }
        #expect(three == 3)
        guard case .double = try parse("1e2") else { Issue.record("expected .double"); return }
    }

    @Test func exactIntAcceptsOnlyIntegerLiterals() throws {
        #expect(try parse("42").exactInt == 42)
        #expect(try parse("-7").exactInt == -7)
        #expect(try parse("3.0").exactInt == nil)
        #expect(try parse("1e2").exactInt == nil)
        #expect(try parse("99999999999999999999").exactInt == nil)
        #expect(try parse("\"3\"").exactInt == nil)
        // intValue is the lenient reading of the same values.
        #expect(try parse("3.0").intValue == 3)
        #expect(try parse("1e2").intValue == 100)
    }

    @Test func numbersTooLargeForADoubleAreRejected() {
        #expect(throws: JSONSyntaxError("the number 1e400 is too large (numbers must fit in a Double)", at: 1)) {
            try parse("[1e400]")
        }
        #expect(throws: JSONSyntaxError.self) { try parse("-1e309") }
    }

    @Test func duplicateKeysAreRejectedAtAnyDepth() {
        #expect(throws: JSONSyntaxError.self) { try parse(#"{"a":1,"a":1}"#) }
        #expect(throws: JSONSyntaxError.self) { try parse(#"[{"x":{"k":true,"b":0,"k":false}}]"#) }
        // Escapes are decoded before keys are compared.
        #expect(throws: JSONSyntaxError.self) { try parse(#"{"a":1,"\u0061":2}"#) }
        do {
            _ = try parse(#"{"a":1, "a":2}"#)
            Issue.record("a duplicate key was accepted")
        } catch let error as JSONSyntaxError {
            #expect(error.offset == 8)  // the second "a"
            #expect(error.problem.contains("the key \"a\" twice"))
            #expect(error.description.hasSuffix("at byte 8"))
        } catch {
            Issue.record("expected a JSONSyntaxError, got \(error)")
        }
        // The same key in different objects is fine.
        #expect(throws: Never.self) { try parse(#"[{"a":1},{"a":2}]"#) }
    }

    @Test func nestingIsBoundedAtTheMaximumDepth() throws {
        let limit = JSONScanner.maximumDepth
        func nested(_ depth: Int, open: String, close: String) -> String {
            String(repeating: open, count: depth) + "0" + String(repeating: close, count: depth)
        }
        #expect(try parse(nested(limit, open: "[", close: "]")) != .null)
        #expect(try parse(nested(limit, open: #"{"k":"#, close: "}")) != .null)
        #expect(throws: JSONSyntaxError("nesting deeper than \(limit) levels", at: limit)) {
            try parse(nested(limit + 1, open: "[", close: "]"))
        }
        #expect(throws: JSONSyntaxError.self) { try parse(nested(limit + 1, open: #"{"k":"#, close: "}")) }
    }

    @Test func kindNamesForMessages() throws {
        let kinds = try ["null", "true", "1", "1.5", "\"s\"", "[]", "{}"].map { try parse($0).kindName }
        #expect(kinds == ["null", "a boolean", "a number", "a number", "a string", "an array", "an object"])
    }

    @Test func writesNonFiniteDoublesAsNull() {
        #expect(String(decoding: JSONValue.array([.double(.nan), .double(-.infinity)]).serialized(), as: UTF8.self) == "[null,null]")
    }
}

@Suite struct JSONPrettyWriterTests {
    @Test func indentsNestedValuesInMemberOrderAndParsesBack() throws {
        let value: JSONValue = ["id": 42, "metrics": ["test": ["macro_f1": 0.79, "n": 1000]], "tags": ["a", 1.5, nil],
                                "empty": [:], "none": []]
        let text = value.prettyPrinted()
        #expect(text == """
        {
          "id": 42,
          "metrics": {
            "test": {
              "macro_f1": 0.79,
              "n": 1000
            }
          },
          "tags": [
            "a",
            1.5,
            null
          ],
          "empty": {},
          "none": []
        }
        """)
        #expect(try JSONValue.parse(Array(text.utf8)) == value)
        #expect(JSONValue.string("x\n").prettyPrinted() == #""x\n""#)
    }
}
