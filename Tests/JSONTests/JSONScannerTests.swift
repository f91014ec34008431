import Testing
import JSON

/// Runs `body` over a scanner on `text`.
private func scanning<T>(_ text: String, _ body: (inout JSONScanner) throws -> T) throws -> T {
    try Array(text.utf8).withUnsafeBytes { buffer in
        var scanner = JSONScanner(buffer)
        return try body(&scanner)
    }
}

/// Expects scanning `text` as one document to fail with a problem mentioning every fragment.
private func expectSyntaxError(_ text: String, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let value = try scanning(text) { scanner -> JSONValue in
            let value = try scanner.parseValue()
            try scanner.expectEnd()
            return value
        }
        Issue.record("\(text) was accepted as \(value)", sourceLocation: sourceLocation)
    } catch let error as JSONSyntaxError {
        for fragment in fragments where !error.problem.contains(fragment) {
            Issue.record("\"\(error)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a JSONSyntaxError, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct JSONScannerTests {
    @Test func scansNumbersAsByteRanges() throws {
        let forms = ["0", "-0", "1.5", "-2e3", "2E-3", "1e+2", "0.000001", "16777217"]
        for form in forms {
            let range = try scanning(" " + form + ",") { try $0.scanNumber() }
            #expect(range == 1..<(1 + form.utf8.count), "\(form)")
        }
    }

    @Test func numbersOutsideTheGrammar() {
        for bad in ["01", "+1", ".5", "1.", "1e", "1e+", "0x10", "-", "1.5.5", "[1,]"] {
            expectSyntaxError(bad)
        }
        expectSyntaxError("[NaN]", "NaN and Infinity are not JSON numbers")
        expectSyntaxError("-Infinity", "NaN and Infinity are not JSON numbers")
        expectSyntaxError("[1] {}", "after the top-level value")
    }

    @Test func badStrings() {
        expectSyntaxError("\"sha\u{1}pe\"", "control character")
        expectSyntaxError(#""sh\ape""#, "invalid escape")
        expectSyntaxError(#""\ud800""#, "surrogate")
        expectSyntaxError(#""\udc00""#, "surrogate")
        expectSyntaxError(#""\u12"#, "truncated")
        expectSyntaxError("\"abc", "unterminated string")
        let invalidUTF8: [UInt8] = [UInt8(ascii: "\""), 0xC3, UInt8(ascii: "\"")]
        #expect(throws: JSONSyntaxError("string is not valid UTF-8", at: 3)) {
            try invalidUTF8.withUnsafeBytes { buffer in
                var scanner = JSONScanner(buffer)
                return try scanner.parseString()
            }
        }
    }

    @Test func decodesEscapesInStrings() throws {
        #expect(try scanning(#""a\"\\\/\b\f\n\r\t\u0041""#) { try $0.parseString() } == "a\"\\/\u{8}\u{c}\n\r\tA")
    }

    @Test func errorsNameTheOffsetAndWhatWasFound() {
        #expect(throws: JSONSyntaxError("expected ',' or ']' in array, found '}'", at: 3)) {
            try scanning("[1 }") { try $0.parseValue() }
        }
        #expect(throws: JSONSyntaxError("expected a value, found '}'", at: 4)) {
            try scanning("[1, }") { try $0.parseValue() }
        }
        #expect(throws: JSONSyntaxError("expected a value, found end of input", at: 0)) {
            try scanning("") { try $0.parseValue() }
        }
        #expect(throws: JSONSyntaxError("expected a value, found byte 0x0", at: 0)) {
            try scanning("\u{0}") { try $0.parseValue() }
        }
    }

    @Test func streamsMembersAndElementsWithoutBuildingValues() throws {
        let text = #"{"shape": [2, 3], "data": [1.5, -2]}"#
        let (keys, numbers) = try scanning(text) { scanner -> ([String], [String]) in
            var keys: [String] = []
            var numbers: [String] = []
            try scanner.forEachMember(depth: 1) { scanner, key in
                keys.append(key)
                try scanner.forEachElement(depth: 2) { scanner in
                    numbers.append(scanner.text(in: try scanner.scanNumber()))
                }
            }
            try scanner.expectEnd()
            return (keys, numbers)
        }
        #expect(keys == ["shape", "data"])
        #expect(numbers == ["2", "3", "1.5", "-2"])
    }

    @Test func streamingRejectsDuplicateKeysAndDeepContainers() {
        #expect(throws: JSONSyntaxError.self) {
            try scanning(#"{"k": 1, "k": 2}"#) { scanner in
                try scanner.forEachMember(depth: 1) { scanner, _ in _ = try scanner.parseValue(depth: 1) }
            }
        }
        #expect(throws: JSONSyntaxError("nesting deeper than \(JSONScanner.maximumDepth) levels", at: 0)) {
            try scanning("[]") { scanner in
                try scanner.forEachElement(depth: JSONScanner.maximumDepth + 1) { _ in }
            }
        }
    }

    @Test func convertsNumbersAtARange() throws {
        #expect(try scanning("-12") { scanner in try scanner.number(in: try scanner.scanNumber()) } == .int(-12))
        #expect(try scanning("2e0") { scanner in try scanner.number(in: try scanner.scanNumber()) } == .double(2))
    }
}
