extension JSONScanner {
    /// Consumes one number and returns its byte range, enforcing the JSON grammar
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (so no NaN, Infinity, hex, or '+1').
    /// It runs once per value of a tensor's data, so it walks a local index.
    @inlinable
    public mutating func scanNumber() throws -> Range<Int> {
        skipWhitespace()
        let start = position
        let count = bytes.count
        var index = start
        func digit(at index: Int) -> Bool { index < count && bytes[index] &- UInt8(ascii: "0") < 10 }
        if index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(at: index) else {
            if startsWithNonFiniteWord() {
                throw error("NaN and Infinity are not JSON numbers (only finite values are accepted)")
            }
            throw error("expected a value, found \(describeCurrent())")
        }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { repeat { index += 1 } while digit(at: index) }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(at: index) else { throw missingDigit("a digit after the decimal point", at: index) }
            repeat { index += 1 } while digit(at: index)
        }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(at: index) else { throw missingDigit("a digit in the exponent", at: index) }
            repeat { index += 1 } while digit(at: index)
        }
        position = index
        return start..<index
    }

    /// The number `scanNumber` found at `range`: `.int` when it is written as a plain integer
    /// that fits Int, `.double` otherwise (rejecting values too large for a Double).
    public func number(in range: Range<Int>) throws -> JSONValue {
        let text = UnsafeRawBufferPointer(rebasing: bytes[range])
        if let integer = Self.integer(fromLiteral: text) { return .int(integer) }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            throw JSONSyntaxError("the number \(self.text(in: range)) is too large (numbers must fit in a Double)",
                                  at: range.lowerBound)
        }
        return .double(value)
    }

    /// The bytes at `range` as text, e.g. to quote a number as the document writes it.
    public func text(in range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// `-?[0-9]+` that fits Int, or nil (a fraction, an exponent, or too many digits).
    static func integer(fromLiteral text: UnsafeRawBufferPointer) -> Int? {
        let negative = text.first == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        guard index < text.count else { return nil }
        var value = 0
        while index < text.count {
            let byte = text[index]
            guard isDigit(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            // Accumulating with the sign lets Int.min through.
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit)
                                             : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            index += 1
        }
        return value
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    @usableFromInline
    mutating func missingDigit(_ what: String, at index: Int) -> JSONSyntaxError {
        position = index
        return error("expected \(what), found \(describeCurrent())")
    }

    @usableFromInline
    func startsWithNonFiniteWord() -> Bool {
        var index = position
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        return bytes[index] == UInt8(ascii: "N") || bytes[index] == UInt8(ascii: "I")
            || bytes[index] == UInt8(ascii: "n") || bytes[index] == UInt8(ascii: "i")
    }
}
