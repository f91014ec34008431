import JSON

/// The members of one JSONL line, each checked for its type, before the line is compared with
/// the others. Read straight off the bytes with `JSONScanner`: no JSONValue is built for a line.
struct LineFields {
    var text: String?
    var textPair: String?
    var label: String?
    var score: Double?

    /// A problem with the content of a line (not its JSON syntax).
    struct Problem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static let allowedKeys = #"a line has "text", optionally "text_pair", one of "label" or "score", and optionally "idx""#

    /// Parses one line. Throws `Problem` or the scanner's `JSONSyntaxError` (offsets within the line).
    static func parse(_ line: UnsafeRawBufferPointer) throws -> LineFields {
        var scanner = JSONScanner(line)
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: "{") else {
            let value = try scanner.parseValue()
            throw Problem("expected a JSON object ({\"text\": ..., \"label\": ...}), found \(value.kindName)")
        }
        var fields = LineFields()
        try scanner.forEachMember(depth: 1) { scanner, key in
            switch key {
            case "text": fields.text = try string(&scanner, key: key)
            case "text_pair": fields.textPair = try string(&scanner, key: key)
            case "label": fields.label = try string(&scanner, key: key)
            case "score": fields.score = try number(&scanner, key: key)
            case "idx":
                let value = try scanner.parseValue(depth: 1)
                guard value.exactInt != nil || value.stringValue != nil else {
                    throw Problem("\"idx\" must be an integer or a string, found \(describe(value))")
                }
            default:
                throw Problem("unknown key \(Labels.quoted(key)); \(allowedKeys)")
            }
        }
        try scanner.expectEnd()
        return fields
    }

    private static func string(_ scanner: inout JSONScanner, key: String) throws -> String {
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: "\"") else {
            throw Problem("\"\(key)\" must be a string, found \(describe(try scanner.parseValue(depth: 1)))")
        }
        return try scanner.parseString()
    }

    private static func number(_ scanner: inout JSONScanner, key: String) throws -> Double {
        scanner.skipWhitespace()
        switch scanner.current {
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "t"), UInt8(ascii: "f"):
            throw Problem("\"\(key)\" must be a finite number, found \(describe(try scanner.parseValue(depth: 1)))")
        case UInt8(ascii: "n") where startsWithNull(scanner):
            throw Problem("\"\(key)\" must be a finite number, found null")
        default:
            // The scanner names NaN and Infinity, and refuses numbers too large for a Double.
            return try scanner.number(in: scanner.scanNumber()).doubleValue!
        }
    }

    private static func startsWithNull(_ scanner: JSONScanner) -> Bool {
        scanner.bytes[scanner.position...].starts(with: "null".utf8)
    }

    private static func describe(_ value: JSONValue) -> String {
        if case .double = value { return "a number with a fraction or exponent" }
        return value.kindName
    }
}
