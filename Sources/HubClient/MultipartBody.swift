/// A `multipart/form-data` body (RFC 7578) for uploads of several files in one request.
public struct MultipartBody: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String
        public var contentType: String
        public var bytes: [UInt8]

        public init(name: String, filename: String, contentType: String = "application/octet-stream", bytes: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public let boundary: String
    public let bytes: [UInt8]

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The parts in order, with a boundary that occurs in none of them (tried in turn, so equal parts give equal bytes).
    public init(_ parts: [Part]) {
        var attempt = 0
        var boundary = "tpv-part-boundary-0"
        while parts.contains(where: { Self.contains($0.bytes, Array(boundary.utf8)) }) {
            attempt += 1
            boundary = "tpv-part-boundary-\(attempt)-\(String(attempt &* 2_654_435_761, radix: 36))"
        }
        self.boundary = boundary
        var out: [UInt8] = []
        for part in parts {
            out.append(contentsOf: "--\(boundary)\r\n".utf8)
            out.append(contentsOf: "Content-Disposition: form-data; name=\"\(Self.quoted(part.name))\"; filename=\"\(Self.quoted(part.filename))\"\r\n".utf8)
            out.append(contentsOf: "Content-Type: \(part.contentType)\r\n\r\n".utf8)
            out.append(contentsOf: part.bytes)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "--\(boundary)--\r\n".utf8)
        bytes = out
    }

    /// Quotes and line breaks percent-encoded, as browsers write form-data names.
    static func quoted(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "%22"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.append(character)
            }
        }
        return out
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count, let first = pattern.first else { return false }
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == first, bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return true }
            index += 1
        }
        return false
    }
}
