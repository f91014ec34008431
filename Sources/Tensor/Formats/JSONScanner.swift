#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict RFC 8259 JSON reader over raw bytes.
///
/// The tensor formats need two things Foundation's JSONSerialization does
/// not give: duplicate-key detection (safetensors headers) and reading long
/// number arrays straight into [Float] without boxing each value in an
/// NSNumber (TensorJSON). Both build on the primitives here.
struct JSONScanner {
    /// Objects and arrays nested deeper than this are rejected, so hostile
    /// input cannot exhaust the stack through recursion.
    static let maximumDepth = 64

    let bytes: UnsafeRawBufferPointer
    var position = 0
    /// Which file format is being read, so errors name it.
    let format: TensorFormat
    /// Prefix for error messages, e.g. "header" — says which part of the file is broken.
    let context: String

    init(_ bytes: UnsafeRawBufferPointer, format: TensorFormat, context: String) {
        self.bytes = bytes
        self.format = format
        self.context = context
    }

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func error(_ problem: String) -> TensorFormatError {
        TensorFormatError(format, "\(context) is not valid JSON: \(problem) at byte \(position)")
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after optional whitespace) or throws naming what was expected.
    mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard current == byte else { throw error("expected \(what), found \(describeCurrent())") }
        position += 1
    }

    /// After the value: only whitespace may remain.
    mutating func expectEnd() throws {
        skipWhitespace()
        guard atEnd else { throw error("unexpected \(describeCurrent()) after the top-level value") }
    }

    func describeCurrent() -> String {
        guard let byte = current else { return "end of input" }
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    // MARK: Values

    mutating func parseValue(depth: Int = 0) throws -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw error("expected a value, found end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default:
            let range = try scanNumber()
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        }
    }

    mutating func parseObject(depth: Int) throws -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        try forEachMember(depth: depth) { scanner, key in
            members.append((key, try scanner.parseValue(depth: depth)))
        }
        return .object(members)
    }

    /// Walks an object, calling `body` with each key; `body` must consume the value.
    /// Lets callers stream values (e.g. a big number array) without building a JSONValue.
    /// Duplicate keys are rejected: tools disagree on which one wins.
    mutating func forEachMember(depth: Int, _ body: (inout JSONScanner, String) throws -> Void) throws {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        try expect(UInt8(ascii: "{"), "'{'")
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return }
        var seen = Set<String>()
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a quoted key, found \(describeCurrent())") }
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw TensorFormatError(format, "\(context) contains the key \"\(key)\" twice; "
                    + "every key must appear once (duplicate keys are read differently by different tools)")
            }
            try expect(UInt8(ascii: ":"), "':' after key \"\(key)\"")
            try body(&self, key)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return
            default: throw error("expected ',' or '}' in object, found \(describeCurrent())")
            }
        }
    }

    mutating func parseArray(depth: Int) throws -> JSONValue {
        var elements: [JSONValue] = []
        try forEachElement(depth: depth) { scanner in elements.append(try scanner.parseValue(depth: depth)) }
        return .array(elements)
    }

    /// Walks an array, calling `body` once per element; `body` must consume it.
    mutating func forEachElement(depth: Int, _ body: (inout JSONScanner) throws -> Void) throws {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        try expect(UInt8(ascii: "["), "'['")
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return }
        while true {
            try body(&self)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return
            default: throw error("expected ',' or ']' in array, found \(describeCurrent())")
            }
        }
    }

    mutating func parseLiteral(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0 else {
            throw error("unexpected \(describeCurrent())")
        }
        position += count
    }

    // MARK: Numbers

    /// Consumes one number and returns its byte range, enforcing the JSON grammar
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (so no NaN, Infinity, hex, or '+1').
    mutating func scanNumber() throws -> Range<Int> {
        skipWhitespace()
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, isDigit(first) else {
            position = start
            if startsWithNonFiniteWord() {
                throw error("NaN and Infinity are not JSON numbers (only finite values are accepted)")
            }
            throw error("expected a value, found \(describeCurrent())")
        }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            position += 1
            try requireDigits("a digit after the decimal point")
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            try requireDigits("a digit in the exponent")
        }
        return start..<position
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { position += 1 }
    }

    private mutating func requireDigits(_ what: String) throws {
        guard let byte = current, isDigit(byte) else { throw error("expected \(what), found \(describeCurrent())") }
        skipDigits()
    }

    private func startsWithNonFiniteWord() -> Bool {
        var index = position
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        return bytes[index] == UInt8(ascii: "N") || bytes[index] == UInt8(ascii: "I")
            || bytes[index] == UInt8(ascii: "n") || bytes[index] == UInt8(ascii: "i")
    }

    // MARK: Strings

    mutating func parseString() throws -> String {
        try expect(UInt8(ascii: "\""), "'\"'")
        let start = position
        // Fast path: no escapes, so the bytes are the string (validated as UTF-8).
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                guard let text = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else {
                    throw error("string is not valid UTF-8")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("unescaped control character in string") }
            position += 1
        }
        position = start
        return try parseEscapedString()
    }

    private mutating func parseEscapedString() throws -> String {
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw error("string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                try appendEscape(to: &utf8)
            case ..<0x20:
                position -= 1
                throw error("unescaped control character in string")
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func appendEscape(to utf8: inout [UInt8]) throws {
        guard let byte = current else { throw error("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try parseHex4())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard position + 2 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else { throw error("unpaired surrogate escape") }
                position += 2
                let low = UInt32(try parseHex4())
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("unpaired surrogate escape") }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default:
            position -= 1
            throw error("invalid escape \\\(describeCurrent())")
        }
    }

    private mutating func parseHex4() throws -> UInt16 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }
}
