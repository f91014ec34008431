/// Writes a response's status line and header block.
enum ResponseSerializer {
    enum Framing {
        case length(Int)
        case chunked
        /// HTTP/1.0 streaming: no length, the end of the connection ends the content.
        case closeDelimited
        /// 1xx, 204 and 304 carry neither content nor a length.
        case noContent
    }

    /// Header names the server controls; a handler's own values for them are dropped.
    static func isServerControlled(_ name: String) -> Bool {
        HTTPHeaders.sameName(name, "content-length") || HTTPHeaders.sameName(name, "transfer-encoding")
            || HTTPHeaders.sameName(name, "connection") || HTTPHeaders.sameName(name, "date")
    }

    static func writeHead(status: HTTPStatus, headers: HTTPHeaders, framing: Framing, keepAlive: Bool,
                          date: [UInt8], into out: inout [UInt8]) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        out.append(contentsOf: String(status.code).utf8)
        out.append(SP)
        out.append(contentsOf: status.reasonPhrase.utf8)
        out.append(contentsOf: [CR, LF])
        for field in headers where !isServerControlled(field.name) {
            appendSanitized(field.name, into: &out)
            out.append(contentsOf: ": ".utf8)
            appendSanitized(field.value, into: &out)
            out.append(contentsOf: [CR, LF])
        }
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: date)
        out.append(contentsOf: [CR, LF])
        switch framing {
        case .length(let n):
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: String(n).utf8)
            out.append(contentsOf: [CR, LF])
        case .chunked:
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .closeDelimited, .noContent:
            break
        }
        out.append(contentsOf: (keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n").utf8)
    }

    /// CR, LF and NUL would let a value split the response; they become spaces.
    @inline(__always)
    static func appendSanitized(_ s: String, into out: inout [UInt8]) {
        for c in s.utf8 { out.append(c == CR || c == LF || c == 0 ? SP : c) }
    }

    static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array(String(bytes.count, radix: 16).utf8)
        out.reserveCapacity(out.count + bytes.count + 4)
        out.append(contentsOf: [CR, LF])
        out.append(contentsOf: bytes)
        out.append(contentsOf: [CR, LF])
        return out
    }

    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
