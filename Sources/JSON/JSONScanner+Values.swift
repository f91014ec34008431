extension JSONScanner {
    /// Consumes one value of any kind and builds it. `depth` is the nesting level of the
    /// container the value sits in (0 for the top level).
    public mutating func parseValue(depth: Int = 0) throws -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw error("expected a value, found end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: return try number(in: scanNumber())
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        var members: [(String, JSONValue)] = []
        try forEachMember(depth: depth) { scanner, key in
            members.append((key, try scanner.parseValue(depth: depth)))
        }
        return .object(members)
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        var elements: [JSONValue] = []
        try forEachElement(depth: depth) { scanner in elements.append(try scanner.parseValue(depth: depth)) }
        return .array(elements)
    }
}

extension JSONValue {
    /// Parses a whole document (any top-level value) with `JSONScanner`'s rules: the strict RFC 8259
    /// grammar, no duplicate keys, nesting at most `JSONScanner.maximumDepth` levels.
    /// Throws `JSONSyntaxError`.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(buffer)
            let value = try scanner.parseValue()
            try scanner.expectEnd()
            return value
        }
    }
}
