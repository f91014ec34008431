/// One part of a `multipart/form-data` body (RFC 7578): its field name, file name, type and bytes.
public struct MultipartPart: Sendable, Equatable {
    public var name: String
    public var filename: String?
    public var contentType: String?
    public var body: [UInt8]

    public init(name: String, filename: String? = nil, contentType: String? = nil, body: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.body = body
    }
}

/// Why a multipart body could not be read; the message says what is wrong with it.
public struct MultipartError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reads `multipart/form-data` bodies. Pure: bytes in, parts out. (Clients write them with HubClient's `MultipartBody`.)
public enum MultipartFormData {
    public static let maximumParts = 16
    static let maximumHeaderBytes = 8192

    /// The boundary of a `multipart/form-data` Content-Type; nil for any other type.
    public static func boundary(contentType: String) throws -> String? {
        let parameters = HeaderParameters.split(contentType)
        guard parameters.value.lowercased() == "multipart/form-data" else { return nil }
        guard let boundary = parameters["boundary"], (1...70).contains(boundary.utf8.count) else {
            throw MultipartError("Content-Type multipart/form-data needs a boundary parameter of 1 to 70 characters.")
        }
        return boundary
    }

    public static func parse(_ body: [UInt8], boundary: String) throws -> [MultipartPart] {
        let delimiter = ByteSearch(Array("\r\n--\(boundary)".utf8))
        // The first delimiter may start the body (no preamble, so no CRLF before it).
        let dashBoundary = Array("--\(boundary)".utf8)
        var position: Int
        if body.starts(with: dashBoundary) {
            position = dashBoundary.count
        } else if let found = delimiter.firstIndex(in: body, from: 0) {
            position = found + delimiter.pattern.count
        } else {
            throw MultipartError("The multipart body never contains its boundary '--\(boundary)'; it is empty or truncated.")
        }
        var parts: [MultipartPart] = []
        while true {
            if body[position...].starts(with: [0x2D, 0x2D]) {  // "--": the close delimiter
                guard !parts.isEmpty else { throw MultipartError("The multipart body has no parts.") }
                return parts
            }
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }  // transport padding
            guard body[position...].starts(with: [0x0D, 0x0A]) else {
                throw MultipartError("A multipart boundary is not followed by a line break or '--'; the body is malformed or truncated.")
            }
            position += 2
            guard parts.count < maximumParts else {
                throw MultipartError("The multipart body has more than \(maximumParts) parts.")
            }
            guard !body[position...].starts(with: [0x0D, 0x0A]) else {
                throw MultipartError("Part \(parts.count + 1) has no 'Content-Disposition: form-data; name=\"...\"' header.")
            }
            let searchEnd = min(body.count, position + maximumHeaderBytes + 4)
            guard let blankLine = ByteSearch([0x0D, 0x0A, 0x0D, 0x0A]).firstIndex(in: body, from: position, to: searchEnd) else {
                throw MultipartError(searchEnd == body.count
                    ? "Part \(parts.count + 1) of the multipart body has no end to its headers; the body is truncated."
                    : "Part \(parts.count + 1) has more than \(maximumHeaderBytes) bytes of headers.")
            }
            let headerEnd = blankLine + 2
            var part = try header(body[position..<headerEnd], index: parts.count + 1)
            let contentStart = headerEnd + 2
            guard let contentEnd = delimiter.firstIndex(in: body, from: contentStart) else {
                throw MultipartError("Part '\(part.name)' never ends: the closing boundary '--\(boundary)--' is missing, so the body is truncated.")
            }
            part.body = Array(body[contentStart..<contentEnd])
            guard !parts.contains(where: { $0.name == part.name }) else {
                throw MultipartError("The multipart body has two parts named '\(part.name)'; send each once.")
            }
            parts.append(part)
            position = contentEnd + delimiter.pattern.count
        }
    }

    /// The headers of one part, CRLF-terminated lines; Content-Disposition form-data with a name is required.
    static func header(_ bytes: ArraySlice<UInt8>, index: Int) throws -> MultipartPart {
        var disposition: HeaderParameters?
        var contentType: String?
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                throw MultipartError("Part \(index) has a header line without ':'.")
            }
            let name = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...])
            switch name {
            case "content-disposition": disposition = HeaderParameters.split(value)
            case "content-type": contentType = value.trimmingAny(of: " \t")
            case "content-transfer-encoding":
                let encoding = value.trimmingAny(of: " \t").lowercased()
                guard ["binary", "8bit", "7bit"].contains(encoding) else {
                    throw MultipartError("Part \(index) has Content-Transfer-Encoding '\(encoding)'; send the bytes as they are (binary).")
                }
            default: continue
            }
        }
        guard let disposition, disposition.value.lowercased() == "form-data", let name = disposition["name"] else {
            throw MultipartError("Part \(index) has no 'Content-Disposition: form-data; name=\"...\"' header.")
        }
        return MultipartPart(name: name, filename: disposition["filename"], contentType: contentType, body: [])
    }
}

/// `value; key=token; key="quoted \"string\""`, as in Content-Type and Content-Disposition.
struct HeaderParameters {
    var value: String
    var parameters: [(String, String)]

    subscript(key: String) -> String? { parameters.first { $0.0 == key }?.1 }

    static func split(_ header: String) -> HeaderParameters {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaping = false
        for character in header {
            if escaping { current.append(character); escaping = false; continue }
            if quoted && character == "\\" { escaping = true; current.append(character); continue }
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted { pieces.append(current); current = ""; continue }
            current.append(character)
        }
        pieces.append(current)
        var parameters: [(String, String)] = []
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<equals].trimmingAny(of: " \t").lowercased()
            var value = piece[piece.index(after: equals)...].trimmingAny(of: " \t")
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = unquoted(String(value.dropFirst().dropLast()))
            }
            parameters.append((key, value))
        }
        return HeaderParameters(value: pieces[0].trimmingAny(of: " \t"), parameters: parameters)
    }

    static func unquoted(_ text: String) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping { out.append(character); escaping = false } else if character == "\\" { escaping = true } else { out.append(character) }
        }
        return out
    }
}

extension StringProtocol {
    func trimmingAny(of set: String) -> String {
        let drop: (Character) -> Bool = { set.contains($0) }
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }
}
