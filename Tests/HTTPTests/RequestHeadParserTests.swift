import Testing
@testable import HTTP

@Suite struct RequestHeadParserTests {
    func parse(_ text: String, limits: ParserLimits = ParserLimits()) -> HeadParseResult {
        Array(text.utf8).withUnsafeBytes { RequestHeadParser.parse($0, limits: limits) }
    }

    func status(_ text: String, limits: ParserLimits = ParserLimits()) -> Int? {
        if case .invalid(let status, _) = parse(text, limits: limits) { return status.code }
        return nil
    }

    func head(_ text: String) throws -> RequestHead {
        guard case .complete(let head, _) = parse(text) else {
            Issue.record("expected a complete head for \(text.debugDescription), got \(parse(text))")
            throw CancellationError()
        }
        return head
    }

    @Test func parsesRequestLineAndFoldsHeaderNames() throws {
        let text = "GET /vectors?model=t5 HTTP/1.1\r\nHost: x\r\nX-Custom-Thing:  spaced value \t\r\n\r\n"
        guard case .complete(let head, let consumed) = parse(text) else { Issue.record("not complete"); return }
        #expect(consumed == text.utf8.count)
        #expect(head.method == .get)
        #expect(head.target == "/vectors?model=t5")
        #expect(head.version == .http1_1)
        #expect(head.headers["x-custom-thing"] == "spaced value")
        #expect(head.headers["X-CUSTOM-THING"] == "spaced value")
        #expect(head.keepAlive)
        #expect(head.framing == .none)
    }

    @Test func everyPrefixNeedsMoreAndNeverFails() {
        let text = Array("POST /v HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n".utf8)
        for cut in 0..<text.count {
            let result = Array(text[0..<cut]).withUnsafeBytes { RequestHeadParser.parse($0) }
            guard case .needMore = result else { Issue.record("prefix \(cut) gave \(result)"); return }
        }
    }

    @Test func resumesScanningFromWhereItStopped() {
        let text = Array("GET / HTTP/1.1\r\nHost: a\r\nA: b\r\n\r\n".utf8)
        var scanned = 0
        for cut in 1...text.count {
            let result = Array(text[0..<cut]).withUnsafeBytes { RequestHeadParser.parse($0, scanFrom: scanned) }
            switch result {
            case .needMore(let s): scanned = s
            case .complete(_, let consumed): #expect(cut == text.count && consumed == text.count)
            case .invalid(let st, let m): Issue.record("invalid at \(cut): \(st) \(m)")
            }
        }
    }

    @Test func ignoresLeadingEmptyLines() throws {
        #expect(try head("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").target == "/")
    }

    @Test func framingFromContentLengthAndChunked() throws {
        #expect(try head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n").framing == .length(42))
        #expect(try head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\n").framing == .length(3))
        #expect(try head("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n").framing == .chunked)
        #expect(try head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").framing == .none)
    }

    @Test func connectionAndExpectation() throws {
        #expect(try !head("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keepAlive)
        #expect(try !head("GET / HTTP/1.0\r\n\r\n").keepAlive)
        #expect(try head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive)
        #expect(try head("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n").expectsContinue)
    }

    @Test func rejectsWithTheRightStatus() {
        #expect(status("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\n") == 414)
        #expect(status("GET /\(String(repeating: "a", count: 9000))") == 414)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "b", count: 17000))") == 431)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "b", count: 17000))\r\n\r\n") == 431)
        var few = ParserLimits()
        few.maxHeaderCount = 3
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: few) == 431)
        #expect(status("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505)
        #expect(status("GET / HTTP/3.1\r\nHost: a\r\n\r\n") == 505)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n") == 417)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") == 501)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\n\r\n",                                               // no Host
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",                         // two Hosts
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",                                   // double space
        "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",                                    // bad method token
        "GET / HTTP/1.1x\r\nHost: a\r\n\r\n",                                   // bad version
        "GET / HTTX/1.1\r\nHost: a\r\n\r\n",
        "GET relative HTTP/1.1\r\nHost: a\r\n\r\n",                             // not origin-form
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",                                   // space before colon
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",                         // obs-fold
        "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{01}b\r\n\r\n",                     // control char
        "GET / HTTP/1.1\nHost: a\n\n",                                          // bare LF
        "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /caf\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n",                            // raw non-ASCII target
    ])
    func rejectsMalformedRequestsWith400(_ text: String) {
        #expect(status(text) == 400, "\(text.debugDescription)")
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("GET /HTP1.\r\n: abc\t\u{0}ÿ%".utf8)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<200, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random() ? alphabet.randomElement()! : UInt8.random(in: 0...255, using: &generator)
            }
            _ = bytes.withUnsafeBytes { RequestHeadParser.parse($0) }
        }
    }
}
