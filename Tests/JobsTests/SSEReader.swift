import Foundation
import TestSupport

struct SSEEvent {
    let name: String
    let data: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:] }
}

/// Reads a text/event-stream response over a raw socket as it arrives: the head, then chunk by
/// chunk (the hub frames each event as chunks whose payload has no CRLF), splitting events at
/// blank lines.
final class SSEReader {
    private let client: RawHTTPClient
    private var pending = ""
    private var ended = false
    let headers: [String]

    init(port: Int, path: String) throws {
        client = try RawHTTPClient(port: port, timeout: 300)
        try client.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
        let status = try client.readLine()
        guard status.hasPrefix("HTTP/1.1 200") else { throw RawHTTPClient.ClientError(description: "events: \(status)") }
        var headers: [String] = []
        while case let line = try client.readLine(), !line.isEmpty { headers.append(line) }
        self.headers = headers
    }

    /// The next event, or nil when the stream ended.
    func next() throws -> SSEEvent? {
        while true {
            if let range = pending.range(of: "\n\n") {
                let block = String(pending[..<range.lowerBound])
                pending.removeSubrange(..<range.upperBound)
                var name = "message", data: [String] = []
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix(":") { continue }
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
                }
                if data.isEmpty && name == "message" { continue }  // a keep-alive comment
                return SSEEvent(name: name, data: data.joined(separator: "\n"))
            }
            if ended { return nil }
            let sizeLine = try client.readLine()
            guard let size = Int(sizeLine, radix: 16) else { throw RawHTTPClient.ClientError(description: "chunk size '\(sizeLine)'") }
            if size == 0 {
                ended = true
                continue
            }
            pending += try client.readLine()
        }
    }
}
