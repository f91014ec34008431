/// A strict RFC 8259 JSON reader over raw bytes: the one reader in the package.
///
/// `JSONValue.parse` builds values with it; formats that need more drive it directly: the
/// container walks (`forEachMember`, `forEachElement`) let a caller stream a value, such as a
/// long number array read straight into [Float] (TensorJSON), without building a JSONValue.
/// Duplicate keys are rejected (tools disagree on which one wins, so two readers of the same
/// file could see different documents) and nesting is bounded so hostile input cannot exhaust
/// the stack. Errors are `JSONSyntaxError`s naming the byte offset.
///
/// The members the number-array path uses are `@inlinable`: that loop runs once per element
/// and must compile into the caller's module as it did when the scanner lived there.
public struct JSONScanner {
    /// Objects and arrays nested deeper than this are rejected.
    public static let maximumDepth = 64

    /// The document; it must outlive the scanner.
    public let bytes: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    public var position = 0

    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    @inlinable public var atEnd: Bool { position >= bytes.count }
    @inlinable public var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// An error about the byte at the current position.
    public func error(_ problem: String) -> JSONSyntaxError {
        JSONSyntaxError(problem, at: position)
    }

    @inlinable @inline(__always)
    public mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after optional whitespace) or throws naming what was expected.
    public mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard current == byte else { throw error("expected \(what), found \(describeCurrent())") }
        position += 1
    }

    /// After the value: only whitespace may remain.
    public mutating func expectEnd() throws {
        skipWhitespace()
        guard atEnd else { throw error("unexpected \(describeCurrent()) after the top-level value") }
    }

    /// The current byte as an error message shows it: `'x'`, `byte 0x0` or `end of input`.
    public func describeCurrent() -> String {
        guard let byte = current else { return "end of input" }
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    // MARK: Containers

    /// Walks an object, calling `body` with each key; `body` must consume the value.
    /// `depth` is the nesting level of this object (1 for a top-level one).
    public mutating func forEachMember(depth: Int, _ body: (inout JSONScanner, String) throws -> Void) throws {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        try expect(UInt8(ascii: "{"), "'{'")
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return }
        var seen = Set<String>()
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a quoted key, found \(describeCurrent())") }
            let keyStart = position
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw JSONSyntaxError("an object has the key \"\(key)\" twice (every key must appear once: "
                    + "tools disagree on which one wins)", at: keyStart)
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

    /// Walks an array, calling `body` once per element; `body` must consume it.
    /// `depth` is the nesting level of this array (1 for a top-level one).
    @inlinable
    public mutating func forEachElement(depth: Int, _ body: (inout JSONScanner) throws -> Void) throws {
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

    /// Consumes `true`, `false` or `null`.
    mutating func parseLiteral(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              UnsafeRawBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[position..<(position + count)]) else {
            throw error("unexpected \(describeCurrent())")
        }
        position += count
    }
}
