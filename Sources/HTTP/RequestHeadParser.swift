/// Limits that keep a hostile client from making the server buffer without bound.
public struct ParserLimits: Sendable {
    /// Longest request line; beyond it the answer is 414.
    public var maxRequestLine = 8 * 1024
    /// Largest header block after the request line; beyond it the answer is 431.
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields; beyond it the answer is 431.
    public var maxHeaderCount = 100

    public init() {}
}

/// The outcome of parsing the bytes buffered so far.
public enum HeadParseResult {
    /// A whole head was parsed; `consumed` bytes of the buffer belong to it.
    case complete(RequestHead, consumed: Int)
    /// The head is not complete yet; resume scanning for its end at `scanned`.
    case needMore(scanned: Int)
    /// The request is unacceptable; answer with `status` and close.
    case invalid(HTTPStatus, String)
}

/// An HTTP/1.1 request-head parser in the style of picohttpparser: a pure function over a
/// buffer the caller owns. It never blocks, never allocates until a head is complete, and
/// rejects anything RFC 9112 does not allow instead of guessing (guessing is how request
/// smuggling starts).
public enum RequestHeadParser {
    public static func parse(_ buffer: UnsafeRawBufferPointer, limits: ParserLimits = ParserLimits(),
                             scanFrom: Int = 0) -> HeadParseResult {
        let bytes = buffer.bindMemory(to: UInt8.self)
        let count = bytes.count
        // RFC 9112 section 2.2: ignore empty lines before the request line.
        var start = 0
        while start + 1 < count, bytes[start] == CR, bytes[start + 1] == LF { start += 2 }
        if start == count || (start + 1 == count && bytes[start] == CR) { return .needMore(scanned: start) }

        guard let lineEnd = findCRLF(bytes, from: start, limit: start + limits.maxRequestLine + 2) else {
            if let bad = firstBareLineBreak(bytes, from: start, limit: start + limits.maxRequestLine + 2) {
                return .invalid(.badRequest, "Bare \(bad == CR ? "CR" : "LF") in the request line: lines end in CRLF.")
            }
            if count - start > limits.maxRequestLine {
                return .invalid(.uriTooLong, "The request line is longer than \(limits.maxRequestLine) bytes; shorten the URI.")
            }
            return .needMore(scanned: start)
        }
        if lineEnd - start > limits.maxRequestLine {
            return .invalid(.uriTooLong, "The request line is longer than \(limits.maxRequestLine) bytes; shorten the URI.")
        }
        let headersStart = lineEnd + 2
        guard let headEnd = findEmptyLine(bytes, lineStart: headersStart, from: max(scanFrom - 3, headersStart),
                                          count: count) else {
            if count - headersStart > limits.maxHeaderBytes {
                return .invalid(.requestHeaderFieldsTooLarge,
                                "The header block is larger than \(limits.maxHeaderBytes) bytes.")
            }
            return .needMore(scanned: count)
        }
        if headEnd - headersStart > limits.maxHeaderBytes {
            return .invalid(.requestHeaderFieldsTooLarge, "The header block is larger than \(limits.maxHeaderBytes) bytes.")
        }

        let line: RequestLine
        switch parseRequestLine(bytes, start, lineEnd) {
        case .success(let parsed): line = parsed
        case .failure(let failure): return .invalid(failure.status, failure.message)
        }
        var headers = HTTPHeaders()
        var position = headersStart
        var fieldCount = 0
        while position < headEnd {
            guard let end = findCRLF(bytes, from: position, limit: headEnd + 2) else {
                return .invalid(.badRequest, "A header line does not end in CRLF.")
            }
            fieldCount += 1
            if fieldCount > limits.maxHeaderCount {
                return .invalid(.requestHeaderFieldsTooLarge, "More than \(limits.maxHeaderCount) header fields.")
            }
            switch parseField(bytes, position, end) {
            case .success(let field): headers.add(field.name, field.value)
            case .failure(let failure): return .invalid(failure.status, failure.message)
            }
            position = end + 2
        }
        switch interpret(line: line, headers: headers) {
        case .success(let head): return .complete(head, consumed: headEnd + 2)
        case .failure(let failure): return .invalid(failure.status, failure.message)
        }
    }

    // MARK: - Pieces

    struct Failure: Error {
        let status: HTTPStatus
        let message: String
        static func bad(_ message: String) -> Failure { Failure(status: .badRequest, message: message) }
    }

    struct RequestLine {
        let method: HTTPMethod
        let target: String
        let version: HTTPVersion
    }

    /// request-line = method SP request-target SP HTTP-version
    static func parseRequestLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Result<RequestLine, Failure> {
        var i = start
        while i < end, isTokenChar(b[i]) { i += 1 }
        guard i > start, i < end, b[i] == SP else {
            return .failure(.bad("Malformed request line: expected METHOD SP TARGET SP HTTP/1.1."))
        }
        let method = HTTPMethod(token: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: b[start..<i])))
        i += 1
        let targetStart = i
        while i < end, b[i] > 0x20, b[i] < 0x7F { i += 1 }
        guard i > targetStart, i < end, b[i] == SP else {
            return .failure(.bad("Malformed request target: use visible ASCII only, percent-encode the rest."))
        }
        let target = String(decoding: UnsafeBufferPointer(rebasing: b[targetStart..<i]), as: UTF8.self)
        i += 1
        // HTTP-version = "HTTP" "/" DIGIT "." DIGIT
        guard end - i == 8, b[i] == 0x48, b[i + 1] == 0x54, b[i + 2] == 0x54, b[i + 3] == 0x50, b[i + 4] == 0x2F,
              isDigit(b[i + 5]), b[i + 6] == 0x2E, isDigit(b[i + 7]) else {
            return .failure(.bad("Malformed HTTP version: expected HTTP/1.1."))
        }
        let version = HTTPVersion(major: Int(b[i + 5] - 0x30), minor: Int(b[i + 7] - 0x30))
        guard version.major == 1, version.minor <= 1 else {
            return .failure(Failure(status: .httpVersionNotSupported,
                                    message: "\(version) is not supported; use HTTP/1.1."))
        }
        guard target.utf8.first == 0x2F || (method == .options && target == "*") else {
            return .failure(.bad("The request target must be a path starting with '/'."))
        }
        return .success(RequestLine(method: method, target: target, version: version))
    }

    /// field-line = field-name ":" OWS field-value OWS
    static func parseField(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Result<(name: String, value: String), Failure> {
        if b[start] == SP || b[start] == HTAB {
            return .failure(.bad("Obsolete line folding in header fields is not accepted."))
        }
        var i = start
        while i < end, isTokenChar(b[i]) { i += 1 }
        guard i > start, i < end, b[i] == COLON else {
            return .failure(.bad("Malformed header field: expected 'name: value' with no space before the colon."))
        }
        let name = [UInt8](unsafeUninitializedCapacity: i - start) { out, n in
            for k in start..<i { out[k - start] = lowerASCII(b[k]) }
            n = i - start
        }
        i += 1
        var valueStart = i, valueEnd = end
        while valueStart < valueEnd, b[valueStart] == SP || b[valueStart] == HTAB { valueStart += 1 }
        while valueEnd > valueStart, b[valueEnd - 1] == SP || b[valueEnd - 1] == HTAB { valueEnd -= 1 }
        for k in valueStart..<valueEnd where (b[k] < 0x20 && b[k] != HTAB) || b[k] == 0x7F {
            return .failure(.bad("Header field '\(String(decoding: name, as: UTF8.self))' contains a control character."))
        }
        let value = String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]), as: UTF8.self)
        return .success((name: String(decoding: name, as: UTF8.self), value: value))
    }

    /// Derives framing and connection handling from the fields (RFC 9112 sections 6.1-6.3, 9.3).
    static func interpret(line: RequestLine, headers: HTTPHeaders) -> Result<RequestHead, Failure> {
        let hosts = headers.values("host")
        if line.version == .http1_1 && hosts.count != 1 {
            return .failure(.bad("HTTP/1.1 requests need exactly one Host header."))
        }
        var framing = BodyFraming.none
        let encodings = headers.values("transfer-encoding")
        let lengths = headers.values("content-length")
        if !encodings.isEmpty {
            guard lengths.isEmpty else {
                return .failure(.bad("Send either Content-Length or Transfer-Encoding, not both."))
            }
            guard line.version == .http1_1 else {
                return .failure(.bad("Transfer-Encoding is not allowed in HTTP/1.0."))
            }
            let codings = encodings.flatMap { $0.split(separator: ",").map { $0.trimmingASCIIWhitespace().lowercased() } }
            guard codings == ["chunked"] else {
                return .failure(Failure(status: .notImplemented,
                                        message: "Only 'Transfer-Encoding: chunked' is supported."))
            }
            framing = .chunked
        } else if !lengths.isEmpty {
            var declared: Int?
            for value in lengths {
                for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let digits = part.trimmingASCIIWhitespace()
                    guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy(isDigit),
                          let n = Int(digits), declared == nil || declared == n else {
                        return .failure(.bad("Invalid Content-Length '\(value)'."))
                    }
                    declared = n
                }
            }
            if let n = declared, n > 0 { framing = .length(n) }
        }
        var keepAlive = line.version == .http1_1
        if headers.hasToken("close", in: "connection") { keepAlive = false }
        else if line.version == .http1_0 && headers.hasToken("keep-alive", in: "connection") { keepAlive = true }

        var expectsContinue = false
        if let expect = headers["expect"] {
            guard expect.lowercased() == "100-continue" else {
                return .failure(Failure(status: .expectationFailed, message: "Only 'Expect: 100-continue' is supported."))
            }
            expectsContinue = line.version == .http1_1 && framing != .none
        }
        return .success(RequestHead(method: line.method, target: line.target, version: line.version, headers: headers,
                                    framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue))
    }

    // MARK: - Scanning

    @inline(__always)
    static func findCRLF(_ b: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int? {
        var i = from
        let last = min(limit, b.count) - 1
        while i < last {
            if b[i] == CR {
                return b[i + 1] == LF ? i : nil
            }
            if b[i] == LF { return nil }
            i += 1
        }
        return nil
    }

    /// A CR not followed by LF, or an LF not preceded by CR, before `limit`: the byte found, or nil.
    static func firstBareLineBreak(_ b: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> UInt8? {
        let end = min(limit, b.count)
        var i = from
        while i < end {
            if b[i] == LF { return LF }
            if b[i] == CR, i + 1 < end, b[i + 1] != LF { return CR }
            i += 1
        }
        return nil
    }

    /// Index of the CRLF that ends the header block (the empty line), or nil.
    static func findEmptyLine(_ b: UnsafeBufferPointer<UInt8>, lineStart: Int, from: Int, count: Int) -> Int? {
        // An empty header block: the empty line comes right after the request line.
        if lineStart + 1 < count, b[lineStart] == CR, b[lineStart + 1] == LF { return lineStart }
        var i = max(from, lineStart)
        while i + 3 < count {
            if b[i + 3] != LF { i += b[i + 3] == CR ? 1 : 4; continue }
            if b[i] == CR, b[i + 1] == LF, b[i + 2] == CR { return i + 2 }
            i += 1
        }
        return nil
    }
}

let CR: UInt8 = 0x0D, LF: UInt8 = 0x0A, SP: UInt8 = 0x20, HTAB: UInt8 = 0x09, COLON: UInt8 = 0x3A

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

/// tchar from RFC 9110 section 5.6.2.
@inline(__always) func isTokenChar(_ c: UInt8) -> Bool {
    tokenTable[Int(c)]
}

private let tokenTable: [Bool] = (0..<256).map { c in
    switch UInt8(c) {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
         UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
         UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): return true
    default: return false
    }
}
