import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately simple, blocking HTTP/1.1 client over a real TCP socket, so tests can
/// send exactly the bytes they mean (pipelining, malformed heads, slow senders) and read
/// exactly what the server wrote.
public final class RawHTTPClient {
    public private(set) var fd: Int32
    private var buffer: [UInt8] = []

    public struct Response {
        public let status: Int
        public let reason: String
        public let headers: [(String, String)]
        public let body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
    }

    public struct ClientError: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public init(port: Int, timeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else {
            let code = errno
            // deinit still runs when an initializer throws after setting every property, so close
            // exactly once here and leave deinit nothing to close: a second close could hit a
            // descriptor another thread has been given since.
            Glibc.close(fd)
            fd = -1
            throw ClientError(description: "connect to port \(port): errno \(code)")
        }
        setTimeout(timeout)
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    public func setTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClientError(description: "send failed: errno \(errno)") }
            offset += n
        }
    }

    /// Reads more bytes; false at end of stream or on timeout.
    @discardableResult
    public func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// True when the server has closed the connection (EOF), false on timeout or data.
    public func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        if n > 0 { buffer.append(byte) }
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }

    /// Reads one whole response. `forHead` says the request was HEAD (no body follows).
    public func readResponse(forHead: Bool = false) throws -> Response {
        var headEnd: Int?
        while true {
            if let end = findHeadEnd() { headEnd = end; break }
            guard fill() else { throw ClientError(description: "connection ended before a response head (\(buffer.count) bytes)") }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line: \(statusLine)")
        }
        let headers: [(String, String)] = lines.map { line in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let reason = parts.count > 2 ? parts[2] : ""
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        var body: [UInt8] = []
        if forHead || status < 200 || status == 204 || status == 304 {
            // no content
        } else if let length = header("content-length").flatMap(Int.init) {
            while buffer.count < length {
                guard fill() else { throw ClientError(description: "body ended early") }
            }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else if header("transfer-encoding")?.lowercased() == "chunked" {
            body = try readChunked()
        } else {
            while fill() {}
            body = buffer
            buffer = []
        }
        return Response(status: status, reason: reason, headers: headers, body: body)
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            guard let size = Int(line.split(separator: ";")[0], radix: 16) else {
                throw ClientError(description: "bad chunk size line '\(line)'")
            }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            while buffer.count < size + 2 {
                guard fill() else { throw ClientError(description: "chunk ended early") }
            }
            body.append(contentsOf: buffer[0..<size])
            buffer.removeFirst(size + 2)
        }
    }

    /// Reads one CRLF-terminated line (used for chunked and event streams).
    public func readLine() throws -> String {
        while true {
            if let i = findCRLF() {
                let line = String(decoding: buffer[0..<i], as: UTF8.self)
                buffer.removeFirst(i + 2)
                return line
            }
            guard fill() else { throw ClientError(description: "line ended early") }
        }
    }

    private func findCRLF() -> Int? {
        guard buffer.count >= 2 else { return nil }
        for i in 0..<(buffer.count - 1) where buffer[i] == 13 && buffer[i + 1] == 10 { return i }
        return nil
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// One request, one response, on this connection.
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> Response {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        try send(Array(text.utf8) + body)
        return try readResponse(forHead: method == "HEAD")
    }
}
